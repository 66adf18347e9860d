import { Hono } from 'hono';
import type { ReviewStatus } from '../../../domain/review/types';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { clip, html, time } from '../html';
import { page } from '../layout';

const STATUSES = ['decided', 'approved', 'edited', 'rejected', 'expired'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAGE_SIZE = 50;

export const historyRoutes = new Hono<ConsoleEnv>();

historyRoutes.get('/history', loadSession, requireRole('reviewer'), async (c) => {
  const query = c.req.query();
  const status = (STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as ReviewStatus | 'decided') : 'decided';
  const channel = /^[A-Za-z0-9_-]{1,64}$/.test(query.channel ?? '') ? query.channel : undefined;
  const from = DATE.test(query.from ?? '') && !Number.isNaN(Date.parse(query.from!)) ? query.from : undefined;
  const to = DATE.test(query.to ?? '') && !Number.isNaN(Date.parse(query.to!)) ? query.to : undefined;
  const pageNumber = Math.min(Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1), 1000);
  const reviews = await c.get('wiring').reads.reviews.list({ status, channel, from, to, limit: PAGE_SIZE + 1, offset: (pageNumber - 1) * PAGE_SIZE });
  const more = reviews.length > PAGE_SIZE;
  const params = (number: number) => new URLSearchParams({ status, ...(channel ? { channel } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), page: String(number) });
  return page(c, {
    title: 'History',
    body: html`
      <form method="get" action="/admin/history" class="filters">
        <label>Status <select name="status">${STATUSES.map((option) => html`<option value="${option}"${option === status ? ' selected' : ''}>${option === 'decided' ? 'any decision' : option}</option>`)}</select></label>
        <label>Channel <input name="channel" value="${channel ?? ''}" placeholder="web, slack…" pattern="[A-Za-z0-9_\\-]{1,64}"></label>
        <label>From <input type="date" name="from" value="${from ?? ''}"></label>
        <label>To <input type="date" name="to" value="${to ?? ''}"></label>
        <button type="submit">Filter</button>
      </form>
      ${reviews.length === 0
        ? html`<p class="empty">No decisions match.</p>`
        : html`<table class="list">
            <thead><tr><th>Decided</th><th>Question</th><th>Channel</th><th>Outcome</th><th>By</th><th>Kind</th></tr></thead>
            <tbody>${reviews.slice(0, PAGE_SIZE).map(
              (review) => html`<tr>
                <td>${time(review.decidedAt ?? review.createdAt)}</td>
                <td><a href="/admin/reviews/${encodeURIComponent(review.id)}">${clip(review.question, 140)}</a></td>
                <td>${review.channel}</td>
                <td><span class="badge ${review.status}">${review.status}</span></td>
                <td>${review.decidedBy ?? '–'}</td>
                <td>${review.kind}</td>
              </tr>`,
            )}</tbody>
          </table>`}
      <p class="pager">
        ${pageNumber > 1 ? html`<a href="/admin/history?${params(pageNumber - 1).toString()}">← Newer</a>` : ''}
        ${more ? html`<a href="/admin/history?${params(pageNumber + 1).toString()}">Older →</a>` : ''}
      </p>`,
  });
});
