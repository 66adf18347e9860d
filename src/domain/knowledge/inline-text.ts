/**
 * Text clean-up shared by the Markdown, MDX and HTML parsers: what a reader
 * sees of a component's attributes, and the whitespace rules every parser's
 * text goes through, so that the same words are indexed whatever the format.
 */

/** Attribute names whose values are words meant for the reader. */
const READABLE_ATTRIBUTES = ['label', 'title', 'headline', 'alt', 'summary', 'description', 'text', 'caption'];

/**
 * What a component or tag says through its attributes: its label-like values,
 * and the plan it needs (Docusaurus docs mark plan-gated features this way).
 * Names are matched case-insensitively. `shown` is the text the component
 * shows itself: a part it already says is left out, so a badge such as
 * `<PlanBadge plan="team">Available on the Team, Business and Enterprise plans</PlanBadge>`
 * reads once, not as "Available on the Team plan: Available on the Team, …".
 */
export function attributeText(attributes: ReadonlyMap<string, string>, shown = ''): string {
  const lower = new Map([...attributes].map(([name, value]) => [name.toLowerCase(), value]));
  const shownList = wordsOf(shown);
  const shownWords = new Set(shownList);
  // A label is said when the text opens with it (a tab "Web" over "Install the web snippet" still names the tab).
  const opensWith = (value: string) => {
    const label = wordsOf(value);
    return label.length > 0 && label.every((word, index) => shownList[index] === word);
  };
  const words = READABLE_ATTRIBUTES.map((name) => lower.get(name)?.trim())
    .filter((value): value is string => Boolean(value))
    .filter((value) => !opensWith(value));
  const plan = lower.get('plan')?.trim();
  // The plan is said when the text names it and speaks of plans ("the Team plan", "Team and Business plans").
  const planSaid = plan !== undefined && wordsOf(plan).every((word) => shownWords.has(word)) && (shownWords.has('plan') || shownWords.has('plans'));
  if (plan && !planSaid) words.push(`Available on the ${plan[0]!.toUpperCase()}${plan.slice(1)} plan`);
  return [...new Set(words)].join('. ');
}

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Elements whose content is never reader text, in HTML and in MDX alike. */
export const INVISIBLE_ELEMENTS = new Set(['script', 'style', 'head', 'noscript', 'template', 'svg', 'iframe', 'object', 'canvas']);

/** Runs of spaces become one, lines are trimmed, blank lines dropped; line breaks are kept. */
export function tidyText(text: string): string {
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n')
    .replace(/ +([.,;:!?])/g, '$1');
}

/**
 * Admonitions (`:::tip Title`, `:::note[Title]`) keep their kind and title as
 * words; their closing `:::` vanishes. Markdown parsers see them as text.
 */
export function admonitionText(text: string): string {
  return text.replace(/^\s*:::\s*(\w+)?(?:\[([^\]]*)\])?[ \t]*/gm, (_m, kind?: string, title?: string) =>
    kind ? `${kind[0]!.toUpperCase()}${kind.slice(1)}: ${title ? `${title} ` : ''}` : '',
  );
}
