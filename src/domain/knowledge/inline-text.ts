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
 * Names are matched case-insensitively.
 */
export function attributeText(attributes: ReadonlyMap<string, string>): string {
  const lower = new Map([...attributes].map(([name, value]) => [name.toLowerCase(), value]));
  const words = READABLE_ATTRIBUTES.map((name) => lower.get(name)?.trim()).filter(Boolean) as string[];
  const plan = lower.get('plan')?.trim();
  if (plan) words.push(`Available on the ${plan[0]!.toUpperCase()}${plan.slice(1)} plan`);
  return words.join('. ');
}

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
