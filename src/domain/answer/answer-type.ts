/**
 * The kind of answer a question asks for, and whether a piece of text has
 * one: a question about a price that lands on a sentence with no amount in it
 * is probably landing on the wrong sentence.
 */
export type AnswerType = 'price' | 'number' | 'date' | 'place' | 'yes_no';

// Ordered: the first that matches wins ("how much does it cost" is a price, not a number).
const QUESTION_PATTERNS: Array<[AnswerType, RegExp]> = [
  ['price', /\b(how much|price[sd]?|pricing|cost[s]?|fee[s]?|charge[sd]?|pay(?:s|ing)?\b.*\bfor|discount|refund(?:ed)?\s+amount|reimburse\w*)\b/i],
  ['date', /\b(when|what (?:day|date|time|month|year)|how (?:soon|early|late)|deadline|until)\b/i],
  ['number', /\b(how (?:many|long|often|much)|what percent\w*|limit|maximum|minimum|max|min)\b/i],
  ['place', /\b(where|which (?:page|menu|screen|tab|setting|office|city|country|address))\b/i],
  ['yes_no', /^\s*(?:and |so |but |also )?(do|does|did|is|are|can|could|will|would|should|may|has|have)\b/i],
];

const ANSWER_PATTERNS: Record<AnswerType, RegExp> = {
  price: /[$€£¥]\s?\d|\d\s?(?:usd|eur|gbp|dollars?|euros?|pounds?)\b|\bfree\b|\bno (?:cost|charge)\b|\d+\s?%/i,
  number: /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|hundred|half|once|twice)\b/i,
  date: /\b(?:january|february|march|april|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d+\s*(?:hours?|days?|weeks?|months?|years?|minutes?)|daily|weekly|monthly|annually|yearly|immediately|within|before|after|until|\d{4})\b/i,
  place: /\b(?:settings?|menu|page|tab|screen|button|click|go to|open|select|under|at|in the|office|street|floor|url|https?:\/\/)\b|[›>]/i,
  yes_no: /\b(?:yes|no|not|never|only|can|cannot|can't|don't|doesn't|must|may|always|included|available)\b/i,
};

export function questionAnswerType(question: string): AnswerType | null {
  for (const [type, pattern] of QUESTION_PATTERNS) if (pattern.test(question)) return type;
  return null;
}

export function hasAnswerOfType(type: AnswerType, text: string): boolean {
  return ANSWER_PATTERNS[type].test(text);
}
