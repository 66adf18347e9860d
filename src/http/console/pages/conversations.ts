import { type Context, Hono } from 'hono';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { clip, html, link, percent, type SafeHtml, time } from '../html';
import { messagePage, page } from '../layout';
import { renderMarkdown } from '../markdown';
import type { DraftSummary } from '../../../application/console-read-models';
import { wiringFor } from '../../../wiring/wiring';
import { type ReplyFormState, replyForm } from './conversation-reply-form';

const CONVERSATION_ID = /^[0-9a-f-]{36}$/;
const SLACK_ID = /^[A-Z0-9]{1,32}$/;
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;
/** Questions whose drafts are looked up in one conversation (one Durable Object call each). */
const MAX_LOOKUPS = 50;

export const conversationRoutes = new Hono<ConsoleEnv>();

conversationRoutes.get('/conversations', loadSession, requireRole('reviewer'), async (c) => {
  const before = c.req.query('before');
  const [web, slack] = await Promise.all([
    c.get('wiring').reads.conversations.listWebConversations({ limit: 50, before: before && !Number.isNaN(Date.parse(before)) ? before : undefined }),
    c.get('wiring').reads.conversations.listSlackThreads(50),
  ]);
  return page(c, {
    title: 'Conversations',
    body: html`
      <section><h2>Web chat</h2>
      ${web.length === 0 ? html`<p class="empty">No web chat conversations yet.</p>` : html`<table class="list">
        <thead><tr><th>Started</th><th>Channel</th><th>Messages</th><th>Last message</th></tr></thead>
        <tbody>${web.map((row) => html`<tr>
          <td><a href="/admin/conversations/web/${row.id}">${time(row.createdAt)}</a></td>
          <td>${row.channel}${row.preview ? html` <span class="badge">preview</span>` : ''}</td>
          <td>${row.messageCount}</td>
          <td>${time(row.lastMessageAt)}</td></tr>`)}</tbody></table>
        ${web.length === 50 ? html`<p class="pager"><a href="/admin/conversations?before=${encodeURIComponent(web.at(-1)!.createdAt)}">Older →</a></p>` : ''}`}
      </section>
      <section><h2>Slack threads</h2>
      ${slack.length === 0 ? html`<p class="empty">No Slack questions recorded (handled events are kept INBOUND_RETENTION_DAYS).</p>` : html`<table class="list">
        <thead><tr><th>Started</th><th>Channel</th><th>Questions</th><th>Last</th></tr></thead>
        <tbody>${slack.map((row) => html`<tr>
          <td><a href="/admin/conversations/slack/${encodeURIComponent(row.channel)}/${encodeURIComponent(row.threadTs)}">${time(row.startedAt)}</a></td>
          <td><code>${row.channel}</code></td><td>${row.messages}</td><td>${time(row.lastAt)}</td></tr>`)}</tbody></table>`}
      </section>`,
  });
});

conversationRoutes.get('/conversations/web/:id', loadSession, requireRole('reviewer'), (c) => webConversationPage(c, c.req.param('id'), { replied: c.req.query('replied') }));

conversationRoutes.get('/conversations/slack/:channel/:thread', loadSession, requireRole('reviewer'), (c) =>
  slackThreadPage(c, c.req.param('channel'), c.req.param('thread'), { replied: c.req.query('replied') }),
);

/** What a conversation page shows below the turns: the reply form's state after a send. */
export interface ReplyView {
  state?: ReplyFormState;
  replied?: string;
  status?: 400 | 503;
}

/** A web chat conversation exists only once its session was issued (checked before touching the Durable Object, which would otherwise be created empty). */
export async function knownWebConversation(env: Env, id: string): Promise<boolean> {
  return CONVERSATION_ID.test(id) && (await wiringFor(env).reads.conversations.webConversationExists(id));
}

/** A Slack thread the console may show and reply in: one with questions recorded from it. */
export async function knownSlackThread(env: Env, channel: string, thread: string): Promise<boolean> {
  return SLACK_ID.test(channel) && SLACK_TS.test(thread) && (await wiringFor(env).reads.conversations.slackThreadEvents(channel, thread)).length > 0;
}

export const webReplySubject = (id: string) => `web:${id}`;
export const slackReplySubject = (channel: string, thread: string) => `slack:${channel}:${thread}`;

export async function webConversationPage(c: Context<ConsoleEnv>, id: string, reply: ReplyView): Promise<Response> {
  if (!(await knownWebConversation(c.env, id))) return messagePage(c, 404, 'Not found', 'No such conversation.');
  const stub = c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(id));
  const { messages, awaiting, meta } = await stub.history();
  const questions = messages.filter((message) => message.role === 'customer').slice(-MAX_LOOKUPS);
  const fromMessages = await Promise.all(questions.map(async (message) => [message.id, (await stub.question(message.id))?.draftId ?? null] as const));
  const draftIds = [...fromMessages.flatMap(([, draftId]) => (draftId ? [draftId] : [])), ...(await c.get('wiring').reads.conversations.webConversationDraftIds(id))];
  const drafts = await c.get('wiring').reads.conversations.draftSummaries(draftIds);
  const draftOf = new Map(fromMessages.map(([messageId, draftId]) => [messageId, draftId ? drafts.get(draftId) : undefined]));
  return page(c, {
    title: 'Web chat conversation',
    status: reply.status,
    body: html`
      <p class="muted">Channel ${meta?.channel ?? '?'}${meta?.preview ? ' (staff preview)' : ''} · waiting for: ${awaiting}</p>
      <ol class="turns">${messages.map((message) => html`<li class="turn ${message.role === 'customer' ? 'asker' : message.kind === 'staff' ? 'staff' : 'bot'}">
        <span class="who">${message.role === 'customer' ? 'customer' : message.kind}</span> ${time(message.createdAt)}
        ${message.role === 'customer' ? html`<div class="text">${message.text}</div>` : html`<div class="text markdown">${renderMarkdown(message.text)}</div>`}
        ${message.sources.length ? html`<p class="muted">Sources: ${message.sources.map((source, index) => html`${index ? ', ' : ''}${link(source.url, source.title)}`)}</p>` : ''}
        ${draftOf.get(message.id) ? draftBox(draftOf.get(message.id)!) : ''}
      </li>`)}</ol>
      ${replyForm({
        action: `/admin/conversations/web/${id}/reply`,
        csrf: c.get('user')!.csrf,
        where: 'shown in the web chat, and kept for when the asker comes back',
        state: reply.state,
        replied: reply.replied,
        unavailable: messages.some((message) => message.role === 'customer') ? undefined : 'The asker has not written anything yet: there is nothing to reply to.',
      })}`,
  });
}

export async function slackThreadPage(c: Context<ConsoleEnv>, channel: string, thread: string, reply: ReplyView): Promise<Response> {
  if (!SLACK_ID.test(channel) || !SLACK_TS.test(thread)) return messagePage(c, 404, 'Not found', 'No such thread.');
  const events = await c.get('wiring').reads.conversations.slackThreadEvents(channel, thread);
  if (events.length === 0) return messagePage(c, 404, 'Not found', 'No recorded questions in this thread (handled events are kept INBOUND_RETENTION_DAYS).');
  const [drafts, staffReplies] = await Promise.all([
    c.get('wiring').reads.conversations.draftSummaries(events.flatMap((event) => (event.draftId ? [event.draftId] : []))),
    c.get('wiring').reads.staffReplies.in(slackReplySubject(channel, thread)),
  ]);
  return page(c, {
    title: 'Slack thread',
    status: reply.status,
    body: html`
      <p class="muted">Channel <code>${channel}</code>, thread ${thread}. Only messages addressed to the bot are recorded.</p>
      <ol class="turns">${events.map((event) => html`<li class="turn asker">
        <span class="who">${event.user ?? 'someone'}</span> ${time(event.receivedAt)} <span class="badge">${event.status}</span>
        <div class="text">${event.text}</div>
        ${event.draftId && drafts.get(event.draftId) ? draftBox(drafts.get(event.draftId)!) : ''}
      </li>`)}</ol>
      ${staffReplies.length ? html`<h2>Sent from this console</h2><ol class="turns">${staffReplies.map((sent) => html`<li class="turn staff">
        <span class="who">staff · ${sent.actor}</span> ${time(sent.at)}
        <div class="text markdown">${renderMarkdown(sent.text)}</div></li>`)}</ol>` : ''}
      ${replyForm({
        action: `/admin/conversations/slack/${encodeURIComponent(channel)}/${encodeURIComponent(thread)}/reply`,
        csrf: c.get('user')!.csrf,
        where: 'posted in the Slack thread by the bot, marked as from the support team',
        state: reply.state,
        replied: reply.replied,
        unavailable: c.get('slack') ? undefined : 'Slack is not configured on this deployment, so the console cannot post in this thread.',
      })}`,
  });
}

/** A draft and the decision on it, under the question it answered. */
function draftBox(draft: DraftSummary): SafeHtml {
  const review = draft.review;
  return html`<div class="draft">
    <p class="muted">Draft · engine: <strong>${draft.decision}</strong> · confidence ${percent(draft.confidence)}
    ${review ? html` · <a href="/admin/reviews/${encodeURIComponent(review.id)}"><span class="badge ${review.status}">${review.kind} ${review.status}</span></a>${review.decidedBy ? html` by ${review.decidedBy}` : ''}` : ''}</p>
    <div class="reply markdown">${draft.answer ? renderMarkdown(clip(draft.answer, 2000)) : html`<em>(no draft text: a teammate must write the reply)</em>`}</div>
    ${review?.rejectReason ? html`<p>Rejected: ${review.rejectReason}</p>` : ''}
    ${review && review.finalText !== null && review.status !== 'approved' ? html`<p class="muted">Sent instead:</p><div class="reply markdown">${renderMarkdown(review.finalText)}</div>` : ''}
  </div>`;
}
