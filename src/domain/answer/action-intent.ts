/**
 * Does a message ask the bot to *do* something ("cancel my subscription for
 * me", "book my flights") rather than to explain something ("how do I
 * cancel?")? A request for an action always goes to staff review, even when
 * no model is configured to propose a tool: a quoted help page is not what
 * the asker wanted, and the policy must never send such a reply unreviewed.
 * A rule-based detector: cheap, predictable, and tested on phrasings.
 */
const ACTION_VERBS = [
  'add', 'apply', 'approve', 'book', 'buy', 'cancel', 'change', 'clear', 'close', 'create', 'deactivate', 'delete',
  'disable', 'downgrade', 'email', 'enable', 'enroll', 'enrol', 'erase', 'file', 'give', 'grant', 'invite', 'issue',
  'log', 'open', 'order', 'pay', 'purge', 'raise', 'refund', 'register', 'remove', 'renew', 'reschedule', 'reserve',
  'reset', 'restore', 'revoke', 'schedule', 'send', 'set', 'sign', 'submit', 'switch', 'terminate', 'transfer',
  'unsubscribe', 'update', 'upgrade', 'wipe',
];
const VERBS = ACTION_VERBS.join('|');

const PATTERNS: RegExp[] = [
  // An imperative at the start with an object: "cancel my subscription", "wipe all the stats".
  // (The object keeps nouns like "refund policy?" from reading as commands.)
  new RegExp(`^(?:(?:hi|hey|hello)[,!.]?\\s+)?(?:(?:please|pls|plz|kindly)\\s+)?(?:${VERBS})\\s+(?:me\\s+)?(?:my|our|the|a|an|all|this|that|these|those|us|it|\\d+)\\b`, 'i'),
  // A request addressed to the bot: "can you order me ...", "could you please reset ...".
  new RegExp(`\\b(?:can|could|would|will)\\s+(?:you|u)\\s+(?:please\\s+|pls\\s+|just\\s+)?(?:${VERBS})\\b`, 'i'),
  new RegExp(`\\b(?:i\\s+need|i'd\\s+like|i\\s+want)\\s+(?:you|u)\\s+to\\s+(?:${VERBS})\\b`, 'i'),
  new RegExp(`\\b(?:please|pls|plz|go ahead and)\\s+(?:${VERBS})\\b`, 'i'),
  // "... for me" after an action verb: "log 3 days off for me".
  new RegExp(`\\b(?:${VERBS})\\b[^?.!]*\\bfor\\s+me\\b`, 'i'),
];

/** Questions about how to do it yourself are not requests for the bot to act. */
const SELF_SERVICE = /\b(?:how|where|when|what|why|whether)\b[^?]*\b(?:i|we|you)\b|\bis it possible\b|\bcan i\b|\bdo i\b/i;

export function asksForAction(message: string): boolean {
  const text = message.trim();
  if (!PATTERNS.some((pattern) => pattern.test(text))) return false;
  // "How do I cancel?" mentions a verb but asks for instructions; "can you cancel it for me?" does not.
  const addressedToBot = /\b(?:can|could|would|will)\s+(?:you|u)\b|\bfor\s+me\b|\b(?:please|pls|plz)\b/i.test(text);
  return addressedToBot || !SELF_SERVICE.test(text);
}
