import { html, link, type SafeHtml } from './html';

/**
 * The light Markdown replies are written in (paragraphs, `>` quotes, `-` and
 * `1.` lists, **bold**, `code`, [links](https://...)), rendered for reviewers
 * so they approve what the customer will see. Built only from `html`
 * templates, so every piece of text is escaped; links are http(s) only.
 */
export function renderMarkdown(text: string): SafeHtml {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/).filter((block) => block.trim());
  return html`${blocks.map(block)}`;
}

function block(source: string): SafeHtml {
  const lines = source.split('\n');
  if (lines.every((line) => /^\s*>/.test(line))) return html`<blockquote>${renderMarkdown(lines.map((line) => line.replace(/^\s*>\s?/, '')).join('\n'))}</blockquote>`;
  if (lines.every((line) => /^\s*[-*]\s+/.test(line))) return html`<ul>${lines.map((line) => html`<li>${inline(line.replace(/^\s*[-*]\s+/, ''))}</li>`)}</ul>`;
  if (lines.every((line) => /^\s*\d+[.)]\s+/.test(line))) return html`<ol>${lines.map((line) => html`<li>${inline(line.replace(/^\s*\d+[.)]\s+/, ''))}</li>`)}</ol>`;
  return html`<p>${lines.map((line, index) => html`${index > 0 ? html`<br>` : ''}${inline(line)}`)}</p>`;
}

const INLINE = /\*\*([^*]+)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

function inline(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    parts.push(html`${text.slice(last, match.index)}`);
    if (match[1] !== undefined) parts.push(html`<strong>${match[1]}</strong>`);
    else if (match[2] !== undefined) parts.push(html`<code>${match[2]}</code>`);
    else parts.push(link(match[4], match[3]!));
    last = match.index + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}
