import type { KnownBlock } from '@slack/types';

/**
 * Slack's `markdown` block takes standard Markdown, up to 12 000 characters
 * across all markdown blocks of one message (docs.slack.dev/reference/block-kit/blocks/markdown-block).
 */
export const MARKDOWN_BLOCK_LIMIT = 12_000;

const SAFE_SCHEME = /^(?:https?:\/\/|mailto:)/i;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
// [label](destination "title"), as the mrkdwn converter reads links.
const LINK = /(!?)\[([^[\]\n]*)\]\(\s*([^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(?:\s+"[^"\n]*")?\s*\)/g;

/**
 * The answer as the text of a `markdown` block, or null when it does not fit
 * (too long, or code that would need escaping): the caller then renders
 * mrkdwn sections instead. The same guarantees as the mrkdwn path: `&`, `<`
 * and `>` outside code become entities, so no text can open a Slack token
 * (`<!channel>`, `<@U…>`, `<url|label>`); links keep only http(s) and mailto
 * targets; images become their alt text. Code is passed through verbatim,
 * which is only safe without those characters, hence the fallback.
 */
export function markdownForBlock(markdown: string): string | null {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    if (fence) {
      if (/[<>&]/.test(line)) return null;
      if (new RegExp(`^\\s{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line)) fence = null;
      out.push(line);
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      // An info string is the highlighting language: it must stay plain too.
      if (/[<>&]/.test(line)) return null;
      fence = opening[1]!;
      out.push(line);
      continue;
    }
    const converted = convertLine(line);
    if (converted === null) return null;
    out.push(converted);
  }
  const text = out.join('\n').trim();
  return text.length > 0 && text.length <= MARKDOWN_BLOCK_LIMIT ? text : null;
}

/** One line outside code blocks: code spans kept as they are, the rest escaped, unsafe links unlinked. */
function convertLine(line: string): string | null {
  // A leading `>` is a block quote, not text: keep the markers, escape what follows.
  const quote = /^(\s{0,3}(?:>\s?)+)/.exec(line)?.[1] ?? '';
  const parts = line.slice(quote.length).split(/(`+[^`]*?`+)/);
  let result = quote;
  for (const [index, part] of parts.entries()) {
    if (index % 2 === 1) {
      if (/[<>&]/.test(part)) return null;
      result += part;
      continue;
    }
    result += part
      .replace(LINK, (_match, bang: string, label: string, url: string) => (bang || !SAFE_SCHEME.test(url) ? label : `[${label}](${url})`))
      .replace(/[&<>]/g, (character) => ENTITIES[character]!);
  }
  return result;
}

/** The block itself. */
export function markdownBlock(text: string): KnownBlock {
  return { type: 'markdown', text } as KnownBlock;
}
