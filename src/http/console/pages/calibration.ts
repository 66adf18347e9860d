import { type Context, Hono } from 'hono';
import { MAX_TARGET, MIN_TARGET } from '../../../domain/calibration/channel-calibration';
import { MIN_DECISIONS, MIN_EACH_OUTCOME } from '../../../domain/calibration/training-samples';
import { setTarget, TargetError } from '../../../domain/calibration/set-target';
import { loadSession, requireRole } from '../auth';
import { type CalibrationView, calibrationView } from '../calibration-view';
import { channelRepository } from '../channels';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { expectedFiguresHtml, thresholdText } from '../expected-figures';
import { html, percent, type SafeHtml, time } from '../html';
import { csrfField, notice, page } from '../layout';
import { reliabilityChart } from '../reliability-chart';

/** How each channel's confidence is calibrated: its model, the threshold its target gives, and how well predictions match decisions. */
export const calibrationRoutes = new Hono<ConsoleEnv>();

calibrationRoutes.get('/calibration', loadSession, requireRole('reviewer'), async (c) => {
  // The notice states the stored target, not what the link says.
  const changed = c.req.query('changed');
  const stored = changed ? await c.get('wiring').calibrations.target(changed) : null;
  return calibrationPage(c, stored ? { kind: 'ok', text: `The target for ${stored.channel} is now ${percent(stored.target, 1)}; the audit log has the change.` } : null);
});

calibrationRoutes.post('/calibration/:id/target', loadSession, requireRole('admin'), checkForm(), async (c) => {
  const form = await formOf(c);
  const raw = field(form, 'target').trim();
  const reason = field(form, 'reason').trim();
  const share = /^\d{1,2}(\.\d)?$/.test(raw) ? Number(raw) / 100 : Number.NaN;
  if (!reason) return calibrationPage(c, { kind: 'error', text: 'Say why the target changes: the audit log keeps the reason.' }, 400);
  try {
    const { to } = await setTarget(
      { store: c.get('wiring').calibrations, audit: c.get('wiring').audit, now: () => new Date() },
      { channel: c.req.param('id'), target: share, actor: c.get('user')!.actor, reason },
    );
    return c.redirect(`/admin/calibration?changed=${encodeURIComponent(to.channel)}`, 303);
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return calibrationPage(c, { kind: 'error', text: error.message }, error.code === 'unknown_channel' ? 404 : 400);
  }
});

async function calibrationPage(c: Context<ConsoleEnv>, message: { kind: 'ok' | 'error'; text: string } | null, status: 200 | 400 | 404 = 200): Promise<Response> {
  const channels = await channelRepository(c).list();
  const views = await Promise.all(channels.map((channel) => calibrationView(c.env, channel.id)));
  const user = c.get('user')!;
  return page(c, {
    title: 'Calibration',
    status,
    body: html`${message ? notice(message.kind, message.text) : ''}
      <p class="muted">A draft's confidence is the probability that staff approve it unedited. Each channel starts from the shipped prior and, once it has
      ${MIN_DECISIONS} staff decisions (at least ${MIN_EACH_OUTCOME} approved unedited and ${MIN_EACH_OUTCOME} edited or rejected), is refitted every night on its own decisions.
      The send threshold is the lowest at which the 95% Wilson lower bound on approval of the decisions scoring above it meets the channel's target.</p>
      ${views.map((view) => channelSection(view, user.role === 'admin' ? user.csrf : null))}`,
  });
}

function channelSection(view: CalibrationView, csrf: string | null): SafeHtml {
  const { calibration, fit, expected } = view;
  const names = [...new Set([...Object.keys(view.prior.coefficients), ...Object.keys(fit?.model.coefficients ?? {})])].sort();
  return html`<section class="card calibration" id="calibration-${view.channel}">
    <h2>${view.channel}</h2>
    <dl class="facts">
      <dt>Target</dt><dd class="target">${percent(calibration.target, 1)} of sent replies approved unedited ${calibration.targetSetBy ? html`(set by ${calibration.targetSetBy.by}, ${time(calibration.targetSetBy.at)})` : '(default)'}</dd>
      <dt>Send threshold</dt><dd class="threshold">${thresholdText(calibration.threshold)} <span class="muted">(${calibration.thresholdBasis === 'channel' ? "from the channel's decisions" : "the prior's"})</span><br><span class="muted">${calibration.thresholdNote}</span></dd>
      <dt>Model</dt><dd class="model">${calibration.model.version} ${fit ? html`· version ${fit.version}, fitted ${time(fit.fittedAt)} on ${fit.decisions} decisions (${fit.approved} approved unedited), replacing ${fit.previousModel}` : html`· the prior: no fit yet (${view.minimum.reason ?? 'the next nightly run fits it'})`}</dd>
      <dt>Expected at this threshold</dt><dd class="expected">${expectedFiguresHtml(expected)}</dd>
    </dl>
    <h3>Coefficients</h3>
    <table class="list coefficients">
      <thead><tr><th>Feature</th><th>Prior</th><th>This channel</th></tr></thead>
      <tbody><tr><td>(intercept)</td><td>${number(view.prior.intercept)}</td><td>${fit ? number(fit.model.intercept) : '–'}</td></tr>
      ${names.map((name) => html`<tr><td>${name}</td><td>${number(view.prior.coefficients[name])}</td><td>${fit ? number(fit.model.coefficients[name]) : '–'}</td></tr>`)}</tbody>
    </table>
    ${fit ? html`<h3>Reliability of version ${fit.version}</h3>${reliabilityChart(view.reliability)}` : ''}
    ${view.history.length > 1 ? html`<h3>Fits</h3><table class="list fits"><thead><tr><th>Version</th><th>Fitted</th><th>Decisions</th><th>Approved unedited</th></tr></thead>
      <tbody>${view.history.map((entry) => html`<tr><td>${entry.model.version}</td><td>${time(entry.fittedAt)}</td><td>${entry.decisions}</td><td>${entry.approved}</td></tr>`)}</tbody></table>` : ''}
    ${csrf ? html`<form method="post" action="/admin/calibration/${encodeURIComponent(view.channel)}/target" class="stack">
      <h3>Set the target</h3>${csrfField(csrf)}
      <label>Share of sent replies staff would approve unedited (%) <input name="target" inputmode="decimal" required pattern="\\d{1,2}(\\.\\d)?" value="${(calibration.target * 100).toFixed(1).replace(/\.0$/, '')}"></label>
      <p class="muted">Between ${MIN_TARGET * 100}% and ${MAX_TARGET * 100}%. A higher target sends fewer replies unreviewed.</p>
      <label>Reason for the audit log (required) <input name="reason" maxlength="1000" required></label>
      <button type="submit">Save target</button>
    </form>` : html`<p class="muted">Only admins can change the target.</p>`}
  </section>`;
}

function number(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(3);
}
