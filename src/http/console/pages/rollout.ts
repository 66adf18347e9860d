import { type Context, Hono } from 'hono';
import { changeStage, StageChangeError, STAGE_CHANGE_STATUS } from '../../../domain/rollout/change-stage';
import { isStage, nextStage, STAGES } from '../../../domain/rollout/stages';
import type { Channel } from '../../../domain/rollout/types';
import { loadSession, requireRole } from '../auth';
import { channelRepository } from '../channels';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { html, percent, type SafeHtml, time } from '../html';
import { csrfField, notice, page } from '../layout';
import { expectedFiguresHtml, thresholdText } from '../expected-figures';
import { type ReadinessWithExpected, readinessCheck, readinessOf } from '../metrics';

/** Bars measured as rates (shown as percentages); the rest are counts. */
const RATE_BARS = new Set(['min-approved-without-edits', 'max-rejection-rate', 'max-not-helpful-rate']);

export const rolloutRoutes = new Hono<ConsoleEnv>();

rolloutRoutes.get('/rollout', loadSession, requireRole('reviewer'), async (c) => {
  // The notice states the stored stage, not what the link says (a link cannot put words on this page).
  const changed = c.req.query('changed');
  const channel = changed ? await channelRepository(c).get(changed) : null;
  return rolloutPage(c, channel ? { kind: 'ok', text: `Channel ${channel.id} is now ${channel.stage}; the audit log has the sign-off.` } : null);
});

rolloutRoutes.post('/rollout/:id/stage', loadSession, requireRole('admin'), checkForm(), async (c) => {
  const form = await formOf(c);
  const to = field(form, 'to');
  const comment = field(form, 'reason').trim();
  const override = field(form, 'override') === 'on';
  const overrideReason = field(form, 'overrideReason').trim();
  if (!isStage(to)) return rolloutPage(c, { kind: 'error', text: 'Unknown stage.' }, 400);
  if (override && !overrideReason) return rolloutPage(c, { kind: 'error', text: 'An override needs its own reason: say why the unmet bars are acceptable.' }, 400);
  const user = c.get('user')!;
  try {
    const { channel } = await changeStage(
      { channels: channelRepository(c), audit: c.get('wiring').audit, readiness: readinessCheck(c.env), now: () => new Date() },
      {
        channelId: c.req.param('id'),
        to,
        actor: { id: user.actor, role: user.role },
        reason: override ? `${comment}\nOverride: ${overrideReason}` : comment,
        override,
      },
    );
    return c.redirect(`/admin/rollout?changed=${encodeURIComponent(channel.id)}&stage=${channel.stage}`, 303);
  } catch (error) {
    if (!(error instanceof StageChangeError)) throw error;
    return rolloutPage(c, { kind: 'error', text: error.message }, STAGE_CHANGE_STATUS[error.code]);
  }
});

async function rolloutPage(c: Context<ConsoleEnv>, message: { kind: 'ok' | 'error'; text: string } | null, status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  const channels = await channelRepository(c).list();
  const reports = await Promise.all(channels.map((channel) => readinessOf(c.env, channel)));
  const user = c.get('user')!;
  return page(c, {
    title: 'Channels',
    status,
    body: html`${message ? notice(message.kind, message.text) : ''}
      <p class="muted">Stages: internal (staff only) → supervised (every reply reviewed) → autonomous (confident replies sent). Moving up needs an admin's sign-off; moving down is always allowed.</p>
      ${channels.map((channel, index) => channelSection(channel, reports[index]!, user.role === 'admin' ? user.csrf : null))}`,
  });
}

function channelSection(channel: Channel, report: ReadinessWithExpected, csrf: string | null): SafeHtml {
  const up = nextStage(channel.stage);
  const down = STAGES.slice(0, STAGES.indexOf(channel.stage));
  const action = `/admin/rollout/${encodeURIComponent(channel.id)}/stage`;
  return html`<section class="card channel">
    <h2>${channel.id} <span class="badge ${channel.stage}">${channel.stage}</span></h2>
    <p class="muted">${channel.kind} · last changed ${time(channel.updatedAt)} by ${channel.updatedBy}</p>
    <p class="${report.ready ? 'ok' : 'warn'}">${report.summary}</p>
    ${report.bars.length ? html`<table class="list bars">
      <thead><tr><th>Bar</th><th>Required</th><th>Now</th><th></th></tr></thead>
      <tbody>${report.bars.map((bar) => html`<tr class="${bar.met ? 'met' : 'unmet'}">
        <td>${bar.label}${bar.note ? html`<br><span class="muted">${bar.note}</span>` : ''}</td>
        <td>${RATE_BARS.has(bar.id) ? percent(bar.required) : bar.required}</td>
        <td>${bar.actual === null ? '–' : RATE_BARS.has(bar.id) ? percent(bar.actual, 1) : bar.actual}</td>
        <td>${bar.met ? '✓ met' : '✗ not met'}</td></tr>`)}</tbody></table>` : ''}
    <p class="expected">At the send threshold ${thresholdText(report.expected.threshold)} for a ${percent(report.expected.target, 1)} target (<a href="/admin/calibration#calibration-${channel.id}">calibration</a>):<br>${expectedFiguresHtml(report.expected)}</p>
    <p class="muted">Sample: ${report.sample.reviews} closed reviews of customer questions and ${report.sample.questions} questions (of the latest ${report.sample.size})${report.target === 'supervised' ? html`, staff preview questions included (${report.sample.previewQuestions} of them): while a channel is internal they are all it gets` : ', staff preview questions left out'}.</p>
    ${csrf && up ? html`<form method="post" action="${action}" class="stack">
      <h3>Sign off: move up to ${up}</h3>
      ${csrfField(csrf)}<input type="hidden" name="to" value="${up}">
      <label>Comment for the audit log (required) <textarea name="reason" rows="2" maxlength="1500" required></textarea></label>
      ${report.ready ? '' : html`<fieldset><legend>Bars not met</legend>
        <label class="check"><input type="checkbox" name="override"> Override: move up anyway</label>
        <label>Why the unmet bars are acceptable <input name="overrideReason" maxlength="400"></label></fieldset>`}
      <button type="submit">Move to ${up}</button>
    </form>` : ''}
    ${csrf && down.length ? html`<form method="post" action="${action}" class="stack">
      <h3>Step down</h3>
      ${csrfField(csrf)}
      <label>To <select name="to">${down.map((stage) => html`<option value="${stage}">${stage}</option>`)}</select></label>
      <label>Reason (required) <input name="reason" maxlength="1500" required></label>
      <button type="submit" class="reject">Step down</button>
    </form>` : ''}
    ${csrf ? '' : html`<p class="muted">Only admins can change stages.</p>`}
  </section>`;
}
