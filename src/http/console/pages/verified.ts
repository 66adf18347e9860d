import { Hono } from 'hono';
import type { ListedVerifiedAnswer } from '../../../adapters/d1/d1-verified-answer-store';
import type { VerifiedAnswerStatus } from '../../../domain/answer/verified-answers';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { clip, html, link, type SafeHtml, time } from '../html';
import { csrfField, messagePage, notice, page } from '../layout';
import { allowVerifiedAnswer, retireVerifiedAnswer } from '../verified-answer-actions';

const STATUSES: readonly VerifiedAnswerStatus[] = ['active', 'unconfirmed', 'retired'];
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const LIMIT = 200;

const STATUS_TEXT: Record<VerifiedAnswerStatus, string> = {
  active: 'Reused',
  unconfirmed: 'Not reused (stored before reuse was a choice)',
  retired: 'Retired',
};

export const verifiedRoutes = new Hono<ConsoleEnv>();

/** Every verified answer: what is reused, for whom, how often, and on what knowledge. Admins retire or allow. */
verifiedRoutes.get('/verified', loadSession, requireRole('reviewer'), async (c) => {
  const requested = c.req.query('status') as VerifiedAnswerStatus | undefined;
  const status = requested && STATUSES.includes(requested) ? requested : undefined;
  const answers = await c.get('wiring').verified.list({ status, limit: LIMIT });
  const user = c.get('user')!;
  const done = c.req.query('done');
  return page(c, {
    title: 'Verified answers',
    body: html`
      ${notice('ok', done === 'retired' ? 'Retired: it is no longer reused, and the audit log records who retired it.' : done === 'allowed' ? 'Allowed: it is reused from now on.' : null)}
      <p class="muted">Replies staff chose to reuse for similar questions, each only for the audience and kind of channel it was approved in, and only while the knowledge it cites is unchanged. A reused reply still goes through the policy (stage, confidence).</p>
      <form method="get" action="/admin/verified" class="filters">
        <label>Status <select name="status"><option value="">all</option>${STATUSES.map((option) => html`<option value="${option}"${option === status ? ' selected' : ''}>${option}</option>`)}</select></label>
        <button type="submit">Filter</button>
      </form>
      ${answers.length === 0 ? html`<p class="empty">No verified answers.</p>` : html`<table class="list verified">
        <thead><tr><th>Question</th><th>Reply</th><th>For</th><th>Approved</th><th>Reused</th><th>Last use</th><th>Grounded in</th><th>Status</th></tr></thead>
        <tbody>${answers.map((answer) => row(answer, user.role === 'admin' ? user.csrf : null))}</tbody>
      </table>`}`,
  });
});

function row(answer: ListedVerifiedAnswer, csrf: string | null): SafeHtml {
  return html`<tr>
    <td>${clip(answer.question, 200)}</td>
    <td><details><summary>${clip(answer.answer, 120)}</summary><p class="passage">${answer.answer}</p></details></td>
    <td>${answer.audience}s · ${answer.channelKind === 'web' ? 'web chat' : answer.channelKind === 'slack' ? 'Slack' : 'unknown channel'}</td>
    <td>${answer.approvedBy ?? 'unknown'} ${time(answer.approvedAt)}${answer.reviewId ? html` · <a href="/admin/reviews/${encodeURIComponent(answer.reviewId)}">review</a>` : ''}</td>
    <td class="count">${answer.reuseCount}</td>
    <td>${answer.lastUsedAt ? time(answer.lastUsedAt) : html`<span class="muted">never</span>`}</td>
    <td><ul>${answer.sources.map((source) => html`<li>${link(source.url, source.title)}${source.current ? '' : html` <span class="muted">(changed since: not reused)</span>`}</li>`)}</ul></td>
    <td>${STATUS_TEXT[answer.status]}${answer.retiredBy ? html` by ${answer.retiredBy} ${time(answer.retiredAt)}` : ''}${csrf ? actions(answer, csrf) : ''}</td>
  </tr>`;
}

function actions(answer: ListedVerifiedAnswer, csrf: string): SafeHtml {
  const base = `/admin/verified/${encodeURIComponent(answer.id)}`;
  return html`${answer.status !== 'retired' ? html`<form method="post" action="${base}/retire" class="inline">${csrfField(csrf)}<button type="submit" class="reject">Retire</button></form>` : ''}
    ${answer.status === 'unconfirmed' && answer.channelKind ? html`<form method="post" action="${base}/allow" class="inline">${csrfField(csrf)}<button type="submit">Allow reuse</button></form>` : ''}`;
}

verifiedRoutes.post('/verified/:id/retire', loadSession, requireRole('admin'), checkForm(), async (c) => {
  const id = c.req.param('id');
  if (!ID.test(id)) return messagePage(c, 404, 'Not found', 'No such verified answer.');
  const reason = field(await formOf(c), 'reason').trim().slice(0, 2000) || null;
  const result = await retireVerifiedAnswer({ audit: c.get('wiring').audit, store: c.get('wiring').verified }, { id, actor: c.get('user')!.actor, reason });
  if (!result.ok) return messagePage(c, 404, 'Not found', result.message);
  return c.redirect('/admin/verified?done=retired', 303);
});

verifiedRoutes.post('/verified/:id/allow', loadSession, requireRole('admin'), checkForm(), async (c) => {
  const id = c.req.param('id');
  if (!ID.test(id)) return messagePage(c, 404, 'Not found', 'No such verified answer.');
  const result = await allowVerifiedAnswer({ audit: c.get('wiring').audit, store: c.get('wiring').verified }, { id, actor: c.get('user')!.actor });
  if (!result.ok) return messagePage(c, result.code === 'not_found' ? 404 : 409, 'Not allowed', result.message);
  return c.redirect('/admin/verified?done=allowed', 303);
});
