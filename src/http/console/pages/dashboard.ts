import { Hono } from 'hono';
import type { ChannelMetrics } from '../../../domain/metrics';
import { loadSession, requireRole } from '../auth';
import { barChart, stackedColumns } from '../charts';
import { channelRepository } from '../channels';
import type { ConsoleEnv } from '../console-env';
import { html, percent, type SafeHtml } from '../html';
import { page } from '../layout';
import { metricsOf } from '../metrics';

const DAYS = [7, 30, 90] as const;

export const dashboardRoutes = new Hono<ConsoleEnv>();

dashboardRoutes.get('/dashboard', loadSession, requireRole('reviewer'), async (c) => {
  const channels = (await channelRepository(c).list());
  const channel = channels.find((candidate) => candidate.id === c.req.query('channel')) ?? channels[0];
  const days = DAYS.find((value) => String(value) === c.req.query('days')) ?? 30;
  const picker = html`<form method="get" action="/admin/dashboard" class="filters">
    <label>Channel <select name="channel">${channels.map((option) => html`<option value="${option.id}"${option.id === channel?.id ? ' selected' : ''}>${option.id} (${option.stage})</option>`)}</select></label>
    <label>Days <select name="days">${DAYS.map((value) => html`<option value="${value}"${value === days ? ' selected' : ''}>${value}</option>`)}</select></label>
    <button type="submit">Show</button>
  </form>`;
  if (!channel) return page(c, { title: 'Dashboard', body: html`${picker}<p class="empty">No channels yet.</p>` });
  const { window, metrics } = await metricsOf(c.env, channel, days);
  return page(c, {
    title: 'Dashboard',
    body: html`${picker}
      <p class="muted">${channel.id} · ${channel.stage} · ${window.from.slice(0, 10)} to ${window.to.slice(0, 10)} (UTC, end exclusive)${metrics.complete ? '' : ' · busier than the row cap: figures cover the newest rows only'} · <a href="/admin/api/metrics?channel=${encodeURIComponent(channel.id)}&amp;days=${days}">JSON</a> (needs the bearer token)</p>
      <div class="grid">${questions(metrics)}${reviews(metrics)}${speedAndFeedback(metrics)}${cost(metrics)}</div>
      ${gaps(metrics)}`,
  });
});

function questions(metrics: ChannelMetrics): SafeHtml {
  const q = metrics.questions;
  return html`<section class="card"><h2>Questions</h2>
    <table class="figures"><tr><th>Total</th><td>${q.total}</td></tr><tr><th>Sent directly</th><td>${q.sent}</td></tr><tr><th>Reviewed first</th><td>${q.reviewed}</td></tr><tr><th>Handed off</th><td>${q.handedOff}</td></tr><tr><th>Staff previews (not counted)</th><td>${q.previewsLeftOut}</td></tr></table>
    <p class="muted">Questions from staff preview sessions are left out of every figure on this page; only their number is shown.</p>
    ${stackedColumns(
      'Questions per day',
      q.perDay.map((day) => ({
        label: day.date,
        parts: [
          { value: day.sent, tone: 'sent', name: 'sent' },
          { value: day.reviewed, tone: 'reviewed', name: 'reviewed' },
          { value: day.handedOff, tone: 'handoff', name: 'handed off' },
        ],
      })),
    )}</section>`;
}

function reviews(metrics: ChannelMetrics): SafeHtml {
  const graded = metrics.reviews.graded;
  return html`<section class="card"><h2>Staff decisions on drafts</h2>
    <table class="figures">
      <tr><th>Approved without edits</th><td>${graded.approved}</td><td>${percent(graded.rates.approvedWithoutEdits.rate)}</td></tr>
      <tr><th>Edited</th><td>${graded.edited}</td><td>${percent(graded.rates.edited.rate)}</td></tr>
      <tr><th>Rejected</th><td>${graded.rejected}</td><td>${percent(graded.rates.rejected.rate)}</td></tr>
      <tr><th>Expired</th><td>${graded.expired}</td><td>${percent(graded.rates.expired.rate)}</td></tr>
      <tr><th>Pending</th><td>${graded.pending}</td><td></td></tr>
      <tr><th>Rejected actions</th><td>${graded.rejectedActions}</td><td></td></tr>
      <tr><th>Edit size (mean)</th><td colspan="2">${graded.editSize.mean === null ? '–' : percent(graded.editSize.mean)} of words changed</td></tr>
    </table>
    ${barChart('Outcomes (reviews and samples)', [
      { label: 'approved', value: graded.approved, tone: 'approved' },
      { label: 'edited', value: graded.edited, tone: 'edited' },
      { label: 'rejected', value: graded.rejected, tone: 'rejected' },
      { label: 'expired', value: graded.expired, tone: 'expired' },
      { label: 'pending', value: graded.pending, tone: 'pending' },
    ])}</section>`;
}

function speedAndFeedback(metrics: ChannelMetrics): SafeHtml {
  const t = metrics.timeToDecision;
  const f = metrics.feedback;
  return html`<section class="card"><h2>Speed and feedback</h2>
    <table class="figures">
      <tr><th>Decisions timed</th><td>${t.decisions}</td></tr>
      <tr><th>Time to decision p50</th><td>${duration(t.p50Seconds)}</td></tr>
      <tr><th>Time to decision p90</th><td>${duration(t.p90Seconds)}</td></tr>
      <tr><th>Feedback votes</th><td>${f.votes}</td></tr>
      <tr><th>Not helpful</th><td>${f.notHelpful} (${percent(f.notHelpfulRate.rate)})</td></tr>
    </table>
    ${barChart('Feedback votes', [
      { label: 'helpful', value: f.helpful, tone: 'approved' },
      { label: 'not helpful', value: f.notHelpful, tone: 'rejected' },
    ])}</section>`;
}

function cost(metrics: ChannelMetrics): SafeHtml {
  const cost = metrics.cost;
  return html`<section class="card"><h2>Model cost</h2>
    <table class="figures">
      <tr><th>Total</th><td>${cost.usd === null ? 'unknown (unpriced model)' : `$${cost.usd.toFixed(4)}`}</td></tr>
      <tr><th>Input tokens</th><td>${cost.inputTokens}</td></tr><tr><th>Output tokens</th><td>${cost.outputTokens}</td></tr>
      ${cost.byModel.map((model) => html`<tr><th>${model.model ?? 'no model (extractive, verified)'}</th><td>${model.drafts} drafts · ${model.usd === null ? 'no price' : `$${model.usd.toFixed(4)}`}</td></tr>`)}
    </table>
    ${cost.note ? html`<p class="muted">${cost.note}</p>` : ''}</section>`;
}

function gaps(metrics: ChannelMetrics): SafeHtml {
  if (metrics.knowledgeGaps.length === 0) return html``;
  return html`<section><h2>Knowledge gaps (handed-off questions)</h2>
    <table class="list"><thead><tr><th>Question</th><th>Times</th><th>Last asked</th></tr></thead>
    <tbody>${metrics.knowledgeGaps.map((gap) => html`<tr><td>${gap.question}</td><td>${gap.count}</td><td>${gap.lastAskedAt.slice(0, 10)}</td></tr>`)}</tbody></table></section>`;
}

function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
