import { type Context, Hono } from 'hono';
import { sendStaffReply } from '../../../domain/review/staff-reply';
import type { Destination } from '../../../domain/review/types';
import { log } from '../../../log';
import { audit } from '../audit';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import {
  knownSlackThread,
  knownWebConversation,
  type ReplyView,
  slackReplySubject,
  slackThreadPage,
  webConversationPage,
  webReplySubject,
} from './conversations';

/**
 * Staff replies in a conversation, from the console: a reviewer writes to
 * the asker in the web chat or the Slack thread the question came from.
 * Delivered through the same reply channel as approved answers (stored and
 * pushed by the conversation's Durable Object; posted once per key in Slack),
 * marked as written by staff, once per form however often it is sent, and
 * recorded in the audit log under the reviewer's name.
 */
export const conversationReplyRoutes = new Hono<ConsoleEnv>();

/** Form bodies: the reply (3000 characters, up to 4 bytes each) and the hidden fields. */
const MAX_FORM_BYTES = 16 * 1024;

conversationReplyRoutes.post('/conversations/web/:id/reply', loadSession, requireRole('reviewer'), checkForm(MAX_FORM_BYTES), async (c) => {
  const id = c.req.param('id');
  if (!(await knownWebConversation(c.env, id))) return webConversationPage(c, id, {});
  const stub = c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(id));
  // The reply answers the asker's latest message: the one the widget shows it under, and the one it marks answered.
  const latest = (await stub.history()).messages.filter((message) => message.role === 'customer').at(-1);
  const again = (reply: ReplyView) => webConversationPage(c, id, reply);
  if (!latest) return again({ status: 400, state: { error: 'The asker has not written anything yet: there is nothing to reply to.' } });
  return send(c, { kind: 'web', conversationId: id, messageId: latest.id }, webReplySubject(id), `/admin/conversations/web/${id}`, again);
});

conversationReplyRoutes.post('/conversations/slack/:channel/:thread/reply', loadSession, requireRole('reviewer'), checkForm(MAX_FORM_BYTES), async (c) => {
  const channel = c.req.param('channel');
  const thread = c.req.param('thread');
  const again = (reply: ReplyView) => slackThreadPage(c, channel, thread, reply);
  // Only threads questions came from: the console must not become a way to post anywhere the bot can.
  if (!(await knownSlackThread(c.env, channel, thread))) return again({});
  if (!c.get('slack')) return again({ status: 503, state: { error: 'Slack is not configured on this deployment: nothing was sent.' } });
  const path = `/admin/conversations/slack/${encodeURIComponent(channel)}/${encodeURIComponent(thread)}`;
  return send(c, { kind: 'slack', channel, threadTs: thread }, slackReplySubject(channel, thread), path, again);
});

async function send(c: Context<ConsoleEnv>, destination: Destination, subject: string, path: string, again: (reply: ReplyView) => Promise<Response>): Promise<Response> {
  const form = await formOf(c);
  const text = field(form, 'text');
  const replyId = field(form, 'replyId');
  const actor = c.get('user')!.actor;
  // The one routing reply channel: web chat always, Slack threads when Slack is configured.
  const channel = c.get('wiring').replies;
  let result: Awaited<ReturnType<typeof sendStaffReply>>;
  try {
    result = await sendStaffReply(channel, { destination, text, replyId });
  } catch (error) {
    // Slack refused or is down; the same form sent again retries it, still once.
    log('staff-reply-failed', { destination: destination.kind, error: error instanceof Error ? error.name : 'unknown' });
    return again({ status: 503, state: { error: 'The reply could not be delivered just now. Nothing was lost: send it again.', text, replyId } });
  }
  if ('code' in result) return again({ status: 400, state: { error: result.message, text, replyId: result.code === 'invalid_reply_id' ? undefined : replyId } });
  // One audit entry per delivered reply: a resend of the same form records nothing new.
  if (result.delivered) await audit(c.env, { actor, action: 'conversation-replied', subject, details: { channel: destination.kind, replyId, text: result.text } });
  // Post/redirect/get: a reload shows the outcome instead of sending again.
  return c.redirect(`${path}?replied=${result.delivered ? 'sent' : 'already'}#reply`, 303);
}
