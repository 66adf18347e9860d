import { type MarkdownBlock, type MarkdownInline, parseMarkdown } from '../../../public/markdown.js';
import { html, type SafeHtml } from './html';

/**
 * Replies as the asker sees them, so reviewers approve what will be shown:
 * the same parser (public/markdown.js) and the same subset as the web chat
 * widget. Built only from `html` templates, so every piece of text is
 * escaped; the parser keeps links only for http(s) URLs.
 */
export function renderMarkdown(text: string): SafeHtml {
  return html`${parseMarkdown(text).map(block)}`;
}

function block(part: MarkdownBlock): SafeHtml {
  switch (part.type) {
    case 'quote':
      return html`<blockquote>${part.blocks.map(block)}</blockquote>`;
    case 'list':
      return part.ordered ? html`<ol>${part.items.map(item)}</ol>` : html`<ul>${part.items.map(item)}</ul>`;
    case 'heading':
      return html`<p><strong>${inline(part.content)}</strong></p>`;
    case 'code':
      return html`<pre><code>${part.text}</code></pre>`;
    case 'paragraph':
      return html`<p>${part.lines.map((line, index) => html`${index > 0 ? html`<br>` : ''}${inline(line)}`)}</p>`;
  }
}

function item(parts: MarkdownInline[]): SafeHtml {
  return html`<li>${inline(parts)}</li>`;
}

function inline(parts: MarkdownInline[]): SafeHtml {
  return html`${parts.map(inlinePart)}`;
}

function inlinePart(part: MarkdownInline): SafeHtml {
  switch (part.type) {
    case 'text':
      return html`${part.text}`;
    case 'code':
      return html`<code>${part.text}</code>`;
    case 'strong':
      return html`<strong>${inline(part.children)}</strong>`;
    case 'link':
      return html`<a href="${part.href}" rel="noopener noreferrer" target="_blank">${inline(part.children)}</a>`;
  }
}
