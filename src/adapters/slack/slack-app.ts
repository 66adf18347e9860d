import type { BlockAction, ButtonAction } from '@slack/bolt';
// App straight from its module, not Bolt's index: the index also loads the Express and AWS
// Lambda receivers, the Assistant class and the installation stores, none of which the Worker uses.
import AppModule, { LogLevel } from '@slack/bolt/dist/App';
import { parseFeedbackValue } from './blocks/answer-message';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from './blocks/ids';
import { editModal, rejectModal } from './blocks/modals';
import { reuseBlocker } from '../../domain/answer/verified-answers';
import { MAX_REPLY_LENGTH } from '../../domain/review/review-service';
import type { SlackConfig } from './slack-config';
import { decideFromSlack, NOT_STAFF, type ReviewActionDependencies } from './review-actions';
import { WorkerReceiver } from './worker-receiver';

// Bolt's App module is CommonJS (`exports.default = App`). In this "type": "module" package,
// esbuild (wrangler's bundler) hands a default import the whole exports object, as Node does,
// while Vite (the workerd test pool) hands it `exports.default`: take whichever is the class.
const App = ((AppModule as unknown as { default?: typeof AppModule }).default ?? AppModule) as typeof AppModule;

export interface SlackAppDependencies extends ReviewActionDependencies {
  recordFeedback(draftId: string, userId: string, helpful: boolean): Promise<void>;
  /** Whether this draft was delivered as an answer in this channel (feedback on anything else is refused). */
  isDeliveredAnswer(draftId: string, channel: string): Promise<boolean>;
  status(): Promise<string>;
  /** After a staff decision in Slack took effect (the App Home shows the new queue); best effort. */
  afterDecision?(): Promise<void>;
}

/**
 * The Bolt app: interactivity (review buttons, modals, feedback) and the
 * slash command. Questions arrive through the Events API and are answered
 * from the queue (see slack-question-source.ts), not here, so that Slack gets its
 * acknowledgement in milliseconds.
 */
export function createSlackApp(config: SlackConfig, deps: SlackAppDependencies) {
  const receiver = new WorkerReceiver();
  const app = new App({
    token: config.botToken,
    receiver,
    tokenVerificationEnabled: false,
    ...(config.botUserId && config.botId ? { botUserId: config.botUserId, botId: config.botId } : {}),
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: SLACK_RETRIES },
  });

  for (const [actionId, reuse] of [
    [ACTION_IDS.reviewApprove, false],
    [ACTION_IDS.reviewApproveReuse, true],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const decided = await decideFromSlack(deps, { reviewId: buttonValue(action), decision: 'approve', userId: body.user.id, reuse, replyChannel: body.channel?.id });
      if (decided?.decidedNow) await deps.afterDecision?.();
    });
  }

  // Edit and Reject open a modal, which must happen within the trigger's 3-second lifetime: do it first.
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.reviewEdit, async ({ ack, body, action, client }) => {
    await ack();
    if (!(await deps.staff.isStaff(body.user.id))) return notStaff(client, body);
    const review = await deps.reviews.get(buttonValue(action));
    const draft = review ? await deps.drafts.get(review.draftId) : null;
    if (!review || !draft) return;
    const choices = { actions: draft.proposedActions, reusable: reuseBlocker(draft) === null };
    await client.views.open({ trigger_id: body.trigger_id, view: editModal(review.id, draft.answer, choices) as never });
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.reviewReject, async ({ ack, body, action, client }) => {
    await ack();
    if (!(await deps.staff.isStaff(body.user.id))) return notStaff(client, body);
    await client.views.open({ trigger_id: body.trigger_id, view: rejectModal(buttonValue(action)) as never });
  });

  app.view(CALLBACK_IDS.editModal, async ({ ack, body, view }) => {
    const text = inputText(view, BLOCK_IDS.editAnswer);
    if (!text || text.length > MAX_REPLY_LENGTH) {
      await ack({ response_action: 'errors', errors: { [BLOCK_IDS.editAnswer]: `Write a reply of 1 to ${MAX_REPLY_LENGTH} characters.` } });
      return;
    }
    await ack();
    // Only ticked actions run; unticked (or a garbled value) runs nothing.
    const actions = ticked(view, BLOCK_IDS.editActions).flatMap((value) => (/^\d{1,2}$/.test(value) ? [Number(value)] : []));
    const reuse = ticked(view, BLOCK_IDS.editReuse).includes('reuse');
    const decided = await decideFromSlack(deps, { reviewId: metadataOf(view), decision: 'edit', userId: body.user.id, text, actions, reuse });
    if (decided?.decidedNow) await deps.afterDecision?.();
  });

  app.view(CALLBACK_IDS.rejectModal, async ({ ack, body, view }) => {
    const reason = inputText(view, BLOCK_IDS.rejectReason);
    const reply = inputText(view, BLOCK_IDS.rejectReply);
    if (!reason) {
      await ack({ response_action: 'errors', errors: { [BLOCK_IDS.rejectReason]: 'Say why, so the bot can learn from it.' } });
      return;
    }
    await ack();
    // The asker is told a teammate will reply only when the reviewer said one will.
    const followUp = ticked(view, BLOCK_IDS.rejectFollowUp).includes('follow-up');
    const decided = await decideFromSlack(deps, { reviewId: metadataOf(view), decision: 'reject', userId: body.user.id, reason, text: reply, followUp });
    if (decided?.decidedNow) await deps.afterDecision?.();
  });

  for (const [actionId, helpful] of [
    [ACTION_IDS.feedbackHelpful, true],
    [ACTION_IDS.feedbackUnhelpful, false],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const draftId = buttonValue(action);
      const channel = body.channel?.id ?? (body.container as { channel_id?: unknown } | undefined)?.channel_id;
      // Only an answer delivered in this conversation can be voted on: a click naming
      // any other id (a forged or stale button) is neither stored nor thanked.
      if (!draftId || typeof channel !== 'string' || !(await deps.isDeliveredAnswer(draftId, channel))) return;
      await deps.recordFeedback(draftId, body.user.id, helpful);
      await client.chat.postEphemeral({ channel, user: body.user.id, text: 'Thanks for the feedback.' });
    });
  }

  // Slack's feedback buttons (answers in the assistant pane): the vote and the draft travel in the value.
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.feedbackNative, async ({ ack, body, action }) => {
    await ack();
    const vote = parseFeedbackValue(action.value);
    const channel = body.channel?.id ?? (body.container as { channel_id?: unknown } | undefined)?.channel_id;
    // The same rule as the Helpful buttons: only an answer delivered in this conversation counts.
    if (vote && typeof channel === 'string' && (await deps.isDeliveredAnswer(vote.draftId, channel))) await deps.recordFeedback(vote.draftId, body.user.id, vote.helpful);
  });

  app.command(config.command, async ({ ack, command }) => {
    const [subcommand] = command.text.trim().split(/\s+/);
    if (subcommand === 'status') {
      const allowed = await deps.staff.isStaff(command.user_id);
      await ack({ response_type: 'ephemeral', text: allowed ? await deps.status() : 'Only Countersign staff can see the review status.' });
      return;
    }
    await ack({ response_type: 'ephemeral', text: helpText(config.command) });
  });

  return { app, receiver };
}

/** A modal's text input, trimmed; '' when the submission lacks it or it is not text (signed is not well-formed). */
function inputText(view: { state?: { values?: Record<string, Record<string, { value?: unknown }>> } }, blockId: string): string {
  const value = view.state?.values?.[blockId]?.[ACTION_IDS.text]?.value;
  return typeof value === 'string' ? value.trim() : '';
}

/** The values ticked in a modal's checkbox group; none when it is missing or not well-formed. */
function ticked(view: { state?: { values?: Record<string, Record<string, { selected_options?: unknown }>> } }, blockId: string): string[] {
  const selected = view.state?.values?.[blockId]?.[ACTION_IDS.choice]?.selected_options;
  if (!Array.isArray(selected)) return [];
  return selected.flatMap((option: unknown) => {
    const value = (option as { value?: unknown } | null)?.value;
    return typeof value === 'string' ? [value] : [];
  });
}

function helpText(command: string): string {
  return [
    '*Countersign* answers questions from the company knowledge base; staff review what it is unsure about.',
    '• Mention me in a channel, or send me a direct message. I reply in a thread; reply there to follow up.',
    `• \`${command} status\`: rollout stage and review figures.`,
    `• \`${command} help\`: this message.`,
  ].join('\n');
}

async function notStaff(client: InstanceType<typeof App>['client'], body: BlockAction): Promise<void> {
  if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text: NOT_STAFF });
}

/**
 * Retries inside one request stay short (rate limits honour Retry-After);
 * longer outages are retried by the queue, which keeps the question.
 */
export const SLACK_RETRIES = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 };

/**
 * The Slack SDK's fetch, adapted to workerd: call the global fetch unbound
 * (a method call on another object throws "Illegal invocation"), and map
 * `redirect: 'error'`, which workerd does not implement, to 'manual'.
 */
export const slackFetch: typeof fetch = (input, init) =>
  fetch(input, init?.redirect === 'error' ? { ...init, redirect: 'manual' } : init);

/** A button's value as our blocks set it (an id); anything else from a forged or garbled payload reads as none. */
function buttonValue(action: { value?: unknown }): string {
  return typeof action.value === 'string' && action.value.length <= 200 ? action.value : '';
}

function metadataOf(view: { private_metadata?: unknown }): string {
  return typeof view.private_metadata === 'string' && view.private_metadata.length <= 200 ? view.private_metadata : '';
}
