import type { QueueRow } from '../../../adapters/d1/d1-review-queue';
import { EXTRACTIVE_LABEL } from '../../../domain/answer/extractive';
import { age, clip, html, percent, type SafeHtml } from '../html';

/** The most the queue lists; a busier queue says "200+". */
export const QUEUE_LIMIT = 200;

/**
 * The queue's list: what the page shows and what its live stream sends in
 * place of it, rendered by this one function so both always agree. Every
 * piece of text goes through `html`, so it is escaped.
 */
export function queueList(rows: QueueRow[], now: Date): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">Nothing waits for a decision.</p>`;
  return html`<table class="list queue">
    <thead><tr><th>Question and draft</th><th>Kind</th><th>Channel</th><th>Waiting</th><th>Confidence</th></tr></thead>
    <tbody>${rows.map(
      (row) => html`<tr data-review="${row.id}">
        <td><a href="/admin/reviews/${encodeURIComponent(row.id)}">${clip(row.question, 160)}</a>${row.preview ? html` <span class="badge preview" title="Asked in a staff preview session, not by a customer">staff preview</span>` : ''}
          ${row.draft ? html`<p class="snippet">${clip(plainText(row.draft), 180)}</p>` : ''}</td>
        <td>${row.kind}</td>
        <td><a href="/admin/reviews?channel=${encodeURIComponent(row.channel)}">${row.channel}</a></td>
        <td>${age(row.createdAt, now)}</td>
        <td>${percent(row.confidence)}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

/** "Pending, oldest first: 3" (or "200+"): the count above the list, also refreshed live. */
export function queueCount(rows: QueueRow[]): string {
  return `${rows.length}${rows.length >= QUEUE_LIMIT ? '+' : ''}`;
}

/**
 * A draft's light Markdown as one line of plain text, for a snippet: quote
 * and list markers, bold and code marks dropped, links reduced to their text,
 * and the label every extractive draft starts with left out (it would fill
 * every snippet with the same words).
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(EXTRACTIVE_LABEL, '')
    .replace(/^\s*(?:>\s?|[-*]\s+|\d+[.)]\s+|#{1,6}\s+)/gm, '')
    .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
