/*! Countersign light Markdown: the one parser behind the review console, the web chat widget and its preview. */
// The subset replies are written in: paragraphs and line breaks, "> " quotes
// (nested), "-" / "*" / "+" / "•" and "1." lists, "#" headings (shown as a bold
// line), ``` fenced code, **bold**, `code`, [label](url) and bare http(s) URLs.
// It parses into a small tree and writes no markup, so each front end renders
// it its own way (escaped HTML in the console, DOM nodes in the widget) and
// no text can ever become a tag. Links keep only http(s) URLs; any other
// scheme (javascript:, data:) leaves the label as plain text.
// Plain ES module with no imports: the Worker bundles it, the widget imports it at run time.

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const QUOTE = /^\s{0,3}>\s?/;
const ITEM = /^\s*([-*+\u2022]|\d{1,9}[.)])\s+(.*)$/;
const INLINE =
  /`([^`\n]+)`|\*\*(?=\S)(.+?)\*\*|\[([^\]\n]+)\]\(\s*([^\s()]+(?:\([^\s()]*\)[^\s()]*)*)\s*\)|(https?:\/\/[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?*])/g;
/** Quotes nested deeper than this are read as text: bounded work for hostile input. */
const MAX_DEPTH = 8;

/** The blocks of a text: { type: 'paragraph', lines } | 'quote' (blocks) | 'list' (ordered, items) | 'heading' (content) | 'code' (text). */
export function parseMarkdown(text) {
  return blocks(String(text ?? '').replace(/\r\n?/g, '\n').split('\n'), 0);
}

function blocks(lines, depth) {
  const out = [];
  let paragraph = null;
  let list = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const fence = FENCE.exec(line);
    const item = ITEM.exec(line);
    const heading = HEADING.exec(line);
    if (fence) {
      const body = [];
      while (++index < lines.length && !closes(lines[index], fence[1])) body.push(lines[index]);
      out.push({ type: 'code', text: body.join('\n') });
    } else if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const quoted = [];
      for (; index < lines.length && QUOTE.test(lines[index]); index++) quoted.push(lines[index].replace(QUOTE, ''));
      index--;
      out.push({ type: 'quote', blocks: blocks(quoted, depth + 1) });
    } else if (heading) out.push({ type: 'heading', content: parseInline(heading[1]) });
    else if (item) {
      const ordered = /\d/.test(item[1]);
      if (!list || list.ordered !== ordered) {
        list = { type: 'list', ordered, items: [] };
        out.push(list);
      }
      list.items.push(parseInline(item[2]));
      paragraph = null;
      continue;
    } else if (line.trim()) {
      if (!paragraph) {
        paragraph = { type: 'paragraph', lines: [] };
        out.push(paragraph);
      }
      paragraph.lines.push(parseInline(line.trim()));
      list = null;
      continue;
    }
    paragraph = list = null;
  }
  return out;
}

function closes(line, opener) {
  const match = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return match !== null && match[1][0] === opener[0] && match[1].length >= opener.length;
}

/** Inline parts of one line: { type: 'text', text } | 'code' (text) | 'strong' (children) | 'link' (href, children). */
export function parseInline(text, inLink = false) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, code, strong, label, url, bare] = match;
    // A link cannot hold a link: inside a label, links and URLs stay text.
    if (inLink && (label !== undefined || bare !== undefined)) continue;
    if (match.index > last) out.push({ type: 'text', text: text.slice(last, match.index) });
    last = match.index + whole.length;
    if (code !== undefined) out.push({ type: 'code', text: code });
    else if (strong !== undefined) out.push({ type: 'strong', children: parseInline(strong, inLink) });
    else {
      const href = safeHref(bare ?? url);
      const children = bare !== undefined ? [{ type: 'text', text: bare }] : parseInline(label, true);
      if (href) out.push({ type: 'link', href, children });
      else out.push(...children);
    }
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/** The URL if it is http(s), normalised; null for every other scheme or a malformed URL. */
export function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
