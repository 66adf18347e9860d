const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes the three characters Slack treats as control characters. After this,
 * no text can open a `<…>` token: no link, no `<@U123>`, no `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (character) => ENTITIES[character]!);
}

const SAFE_SCHEME = /^(?:https?:\/\/|mailto:)/i;

/**
 * A Slack link from text that is already escaped, or null when the scheme is
 * not one we let people click. A `|` in the URL would end it early and let the
 * rest pose as the label, so it is percent-encoded; one in the label is
 * harmless to Slack's parser but is swapped for a look-alike (U+2223) so no
 * label ever reads as link syntax.
 */
function linkFromEscaped(url: string, label: string): string | null {
  if (!SAFE_SCHEME.test(url)) return null;
  const href = url.replace(/\|/g, '%7C').replace(/\s/g, encodeURIComponent);
  const text = label.replace(/\|/g, '∣').trim();
  return text ? `<${href}|${text}>` : `<${href}>`;
}

/** A link from raw (unescaped) parts; null for other schemes, which callers show as text. */
export function slackLink(url: string, label: string): string | null {
  return linkFromEscaped(escapeMrkdwn(url), escapeMrkdwn(label));
}

/** A fenced code block; fences inside the text get a zero-width space so they cannot close it. */
export function codeBlock(text: string, max = Number.POSITIVE_INFINITY): string {
  const body = escapeMrkdwn(text).replace(/```/g, '``\u200b`');
  return `\`\`\`\n${truncateMrkdwn(body, max)}\n\`\`\``;
}

// Sentinels for the inline pass (private-use characters), stripped from the input first so text cannot forge them.
const STASH_OPEN = '\uE000';
const STASH_CLOSE = '\uE001';
const BOLD = '\uE002';

/**
 * Converts the Markdown our answers use into Slack mrkdwn. Structure (fences,
 * tables, headings, lists, quotes) is read per line; every piece of text is
 * escaped before any Slack syntax is produced, so only this function writes
 * `<`, and only for links it built itself.
 */
export function markdownToMrkdwn(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').replace(/[\uE000-\uE002]/g, '').split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      while (++index < lines.length && !isClosingFence(lines[index]!, marker)) body.push(lines[index]!);
      out.push(codeBlock(body.join('\n')));
      continue;
    }
    if (line.includes('|') && TABLE_SEPARATOR.test(lines[index + 1] ?? '')) {
      // Slack has no tables; a code block keeps the columns lined up.
      const body = [line];
      while (index + 1 < lines.length && lines[index + 1]!.includes('|') && lines[index + 1]!.trim()) body.push(lines[++index]!);
      out.push(codeBlock(body.join('\n')));
      continue;
    }
    out.push(convertLine(line));
  }
  return out.join('\n');
}

const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$/;

function isClosingFence(line: string, opener: string): boolean {
  const match = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return match !== null && match[1]![0] === opener[0] && match[1]!.length >= opener.length;
}

function convertLine(line: string): string {
  if (/^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line)) return '───';
  const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
  if (heading) {
    // Bold markers inside would close Slack's `*…*` early.
    const text = inline(heading[1]!.replace(/\*\*|__/g, ''));
    return text ? `*${text}*` : '';
  }
  const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
  if (quote) {
    const rest = convertLine(quote[1]!);
    return rest ? `> ${rest}` : '>';
  }
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) {
    const task = /^\[([ xX])\]\s+(.*)$/.exec(bullet[2]!);
    const text = task ? `${task[1] === ' ' ? '☐' : '☑'} ${inline(task[2]!)}` : inline(bullet[2]!);
    return `${bullet[1]}• ${text}`;
  }
  const numbered = /^(\s*)(\d{1,9})[.)]\s+(.*)$/.exec(line);
  if (numbered) return `${numbered[1]}${numbered[2]}. ${inline(numbered[3]!)}`;
  return inline(line);
}

const LINK =
  /!?\[([^[\]\n]*)\]\(\s*([^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(?:\s+"[^"\n]*")?\s*\)/g;
const AUTOLINK = /&lt;((?:https?:\/\/|mailto:)[^\s]*?)&gt;/gi;
// Ends before trailing punctuation and never takes emphasis markers or stash sentinels along.
const BARE_URL = /\bhttps?:\/\/[^\s*~\uE000\uE001]*[^\s*~_.,;:!?)\uE000\uE001]/g;

/** Inline Markdown on one line of raw text: escape first, then write Slack syntax. */
function inline(raw: string): string {
  const stash: string[] = [];
  const keep = (output: string) => `${STASH_OPEN}${stash.push(output) - 1}${STASH_CLOSE}`;
  let text = escapeMrkdwn(raw)
    // Code spans first: nothing inside them is converted.
    .replace(/(`+)(?:[^`]|[^`][\s\S]*?[^`])\1(?!`)/g, keep)
    .replace(/\\([\\`*_{}[\]()#+\-.!~|])/g, (_match, character: string) => keep(character))
    .replace(LINK, (match, label: string, url: string) => {
      const plainLabel = label.replace(/\*\*|__|~~|`/g, '');
      return keep(linkFromEscaped(url, plainLabel) ?? (plainLabel || match));
    })
    .replace(AUTOLINK, (_match, url: string) => keep(linkFromEscaped(url, '') ?? url))
    // Bare URLs are linked by Slack itself; stashed so `_` or `*` in them is not read as emphasis.
    .replace(BARE_URL, keep);
  text = text
    .replace(/\*\*\*(?=\S)(.*?\S)\*\*\*/g, `${BOLD}_$1_${BOLD}`)
    .replace(/\*\*(?=\S)(.*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/(?<!\w)__(?=\S)(.*?\S)__(?!\w)/g, `${BOLD}$1${BOLD}`)
    .replace(/~~(?=\S)(.*?\S)~~/g, '~$1~')
    .replace(/(?<![*\w])\*(?=[^\s*])(.*?[^\s*])\*(?![*\w])/g, '_$1_')
    .replace(/\uE002/g, '*');
  // Stashed text can hold other stash markers (a code span inside a link label), so restore until none remain.
  while (text.includes(STASH_OPEN)) text = text.replace(/\uE000(\d+)\uE001/g, (_match, index: string) => stash[Number(index)]!);
  return text;
}

/**
 * The largest index ≤ limit where the text can be cut without splitting a
 * surrogate pair, an entity (`&amp;`) or a `<…>` token (link, mention, date).
 * Prefers a nearby space so words stay whole. Every raw `<` in our mrkdwn is
 * a token we built, so an unclosed one before the cut means we are inside it.
 */
function safeCut(text: string, limit: number): number {
  if (limit <= 0) return 0;
  if (limit >= text.length) return text.length;
  let cut = limit;
  if (isLowSurrogate(text.charCodeAt(cut))) cut--;
  const space = text.slice(Math.max(0, cut - 40), cut + 1).search(/\s\S*$/);
  if (space >= 0) cut = Math.max(0, cut - 40) + space;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0) {
    const entity = /^&(?:#\d+|#x[\da-f]+|[a-z]+);/i.exec(text.slice(amp, amp + 10));
    if (entity && amp + entity[0].length > cut) cut = amp;
  }
  const open = text.lastIndexOf('<', cut - 1);
  if (open >= 0 && text.lastIndexOf('>', cut - 1) < open) cut = open;
  return cut;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function hasOpenFence(text: string): boolean {
  return (text.match(/```/g) ?? []).length % 2 === 1;
}

/**
 * Shortens mrkdwn to at most `max` characters, ending in '…'. Never cuts
 * inside a link, mention or entity, and closes a code block left open, so the
 * cut text renders as intended.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  const head = text.slice(0, safeCut(text, max - 1)).trimEnd();
  if (!hasOpenFence(head)) return `${head}…`;
  const shorter = text.slice(0, safeCut(text, max - 5)).trimEnd();
  return hasOpenFence(shorter) ? `${shorter}…\n\`\`\`` : `${shorter}…`;
}

/**
 * Splits mrkdwn into pieces of at most `max` characters, at a paragraph or
 * line break when one is in the second half of the piece. A code block split
 * in two is closed and reopened so both pieces render as code.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  const limit = max - 4; // room to close a code block
  while (rest.length > max) {
    const window = rest.slice(0, limit + 1);
    const paragraph = window.lastIndexOf('\n\n');
    const line = window.lastIndexOf('\n');
    let cut = paragraph >= limit / 2 ? paragraph : line >= limit / 2 ? line : safeCut(rest, limit);
    // A single token longer than the piece cannot be kept whole; cut it rather than loop forever.
    if (cut <= 0) cut = isLowSurrogate(rest.charCodeAt(limit)) ? limit - 1 : limit;
    let piece = rest.slice(0, cut).trimEnd();
    rest = rest.slice(cut).replace(/^\n+/, '');
    if (hasOpenFence(piece)) {
      piece = `${piece}\n\`\`\``;
      // Cut just before the closing fence: it moved into this piece, so drop it from the rest.
      rest = rest.startsWith('```') ? rest.slice(3).replace(/^\n+/, '') : `\`\`\`\n${rest}`;
    }
    if (piece) pieces.push(piece);
  }
  if (rest.trim()) pieces.push(rest.trimEnd());
  return pieces;
}

/** Escapes plain text and shortens the escaped result, so the limit holds for what Slack receives. */
export function escapeAndTruncate(text: string, max: number): string {
  return truncateMrkdwn(escapeMrkdwn(text), max);
}

/** Shortens text for a plain_text field (not parsed by Slack, so never escaped). */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  const cut = isLowSurrogate(text.charCodeAt(max - 1)) ? max - 2 : max - 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}
