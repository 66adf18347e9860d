/**
 * Inline clean-up shared by the Markdown and HTML parsers: turns links,
 * images, MDX components and HTML tags into the plain words a reader sees,
 * so that the words are what gets indexed and quoted.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–',
  hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', copy: '©', reg: '®', trade: '™',
  euro: '€', pound: '£', middot: '·', times: '×', laquo: '«', raquo: '»', bull: '•',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1]?.toLowerCase() === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? match;
  });
}

/** Attribute names whose values are words meant for the reader. */
const READABLE_ATTRIBUTES = ['label', 'title', 'headline', 'alt', 'summary', 'description', 'text', 'caption'];

function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})/g;
  for (const match of source.matchAll(pattern)) {
    attributes.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/**
 * What a component or tag says through its attributes: its label-like values,
 * and the plan it needs (Docusaurus docs mark plan-gated features this way).
 */
export function attributeText(source: string): string {
  const attributes = readAttributes(source);
  const words = READABLE_ATTRIBUTES.map((name) => attributes.get(name)?.trim()).filter(Boolean) as string[];
  const plan = attributes.get('plan')?.trim();
  if (plan) words.push(`Available on the ${plan[0]!.toUpperCase()}${plan.slice(1)} plan`);
  return words.join('. ');
}

/** Removes elements whose content is never reader text (scripts, styles, head). */
export function dropInvisibleElements(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head|noscript|template|svg)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(script|style)\b[^>]*\/>/gi, ' ');
}

/** A backtick code span; it may wrap lines but never crosses a blank line. */
const CODE_SPAN = /(`+)((?:(?!\n[ \t]*\n)[\s\S])*?[^`])\1(?!`)/g;

/**
 * Runs `transform` with inline code spans set aside: code is quoted verbatim
 * (`<head>` in a setup guide is an instruction, not markup), so no markup
 * rule may touch it.
 */
export function outsideCodeSpans(text: string, transform: (text: string) => string): string {
  const spans: string[] = [];
  const parked = text.replace(CODE_SPAN, (span) => `\uE000${spans.push(span) - 1}\uE000`);
  return transform(parked).replace(/\uE000(\d+)\uE000/g, (_m, index: string) => spans[Number(index)] ?? '');
}

/** Inline Markdown and markup to plain reader text; keeps emphasis and code spans. */
export function cleanInline(text: string): string {
  return outsideCodeSpans(text, cleanMarkup);
}

function cleanMarkup(text: string): string {
  return decodeEntities(
    text
      // MDX comments.
      .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ')
      // Images: the alt text is what a reader gets from them.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      // Links: keep the link text, drop the target.
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      // Self-closing tags and components (may span lines): their readable attributes.
      .replace(/<([A-Za-z][\w.-]*)\b((?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*?)\/\s*>/g, (_m, _name, attrs: string) => {
        const words = attributeText(attrs);
        return words ? ` ${words}. ` : ' ';
      })
      // Opening tags: readable attributes (e.g. a plan badge); closing tags vanish.
      .replace(/<([A-Za-z][\w.-]*)\b((?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*)>/g, (_m, _name, attrs: string) => {
        const words = attributeText(attrs);
        return words ? ` ${words}: ` : ' ';
      })
      .replace(/<\/[A-Za-z][\w.-]*\s*>/g, ' '),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/ +([.,;:!?])/g, '$1')
    .trim();
}
