import { Hono } from 'hono';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { html, time } from '../html';
import { page } from '../layout';

const PAGE_SIZE = 100;

export const auditRoutes = new Hono<ConsoleEnv>();

// Admins only: it lists who signed in from where and every sign-off.
auditRoutes.get('/audit', loadSession, requireRole('admin'), async (c) => {
  const actions = await c.get('wiring').reads.audit.actions();
  const requested = c.req.query('action');
  const action = requested && actions.includes(requested) ? requested : undefined;
  const actor = c.req.query('actor')?.trim().slice(0, 200) || undefined;
  const pageNumber = Math.min(Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1), 1000);
  const rows = await c.get('wiring').reads.audit.listMerged({ action, actor, limit: PAGE_SIZE + 1, offset: (pageNumber - 1) * PAGE_SIZE });
  const link = (number: number) => `/admin/audit?${new URLSearchParams({ ...(action ? { action } : {}), ...(actor ? { actor } : {}), page: String(number) })}`;
  return page(c, {
    title: 'Audit log',
    body: html`
      <form method="get" action="/admin/audit" class="filters">
        <label>Action <select name="action"><option value="">all</option>${actions.map((option) => html`<option value="${option}"${option === action ? ' selected' : ''}>${option}</option>`)}</select></label>
        <label>Actor <input name="actor" value="${actor ?? ''}"></label>
        <button type="submit">Filter</button>
      </form>
      ${rows.length === 0 ? html`<p class="empty">No entries.</p>` : html`<table class="list audit">
        <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Subject</th><th>Comment</th><th>Details</th></tr></thead>
        <tbody>${rows.slice(0, PAGE_SIZE).map((row) => html`<tr>
          <td>${time(row.at)}</td><td>${row.actor}</td><td><code>${row.action}</code></td>
          <td>${row.source === 'review' ? html`<a href="/admin/reviews/${encodeURIComponent(row.subject)}">${row.subject}</a>` : row.subject}</td>
          <td class="comment">${row.comment ?? ''}</td>
          <td><details><summary>figures</summary><pre>${JSON.stringify(row.details, null, 2)}</pre></details></td>
        </tr>`)}</tbody></table>`}
      <p class="pager">${pageNumber > 1 ? html`<a href="${link(pageNumber - 1)}">← Newer</a>` : ''} ${rows.length > PAGE_SIZE ? html`<a href="${link(pageNumber + 1)}">Older →</a>` : ''}</p>`,
  });
});
