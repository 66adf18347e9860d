import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { ACTION_IDS, BLOCK_IDS } from './ids';
import { LIMITS } from './limits';
import { codeBlock, escapeAndTruncate, markdownToMrkdwn, slackLink, truncatePlain } from './mrkdwn';
import { type Citation, checkedValue, context, header, mrkdwnSections, type SlackMessage, section, sourceElements } from './parts';
import { STRINGS } from './strings';

export interface ReviewCardInput {
  reviewId: string;
  question: string;
  askerUserId: string;
  channelId: string;
  /** The asker is outside the company (or the channel is shared with another organisation). */
  outsider?: 'external' | 'guest' | 'shared-channel';
  permalink: string | null;
  answer: string;
  citations: Citation[];
  /** 0 to 1. */
  confidence: number;
  reasons: string[];
  decision: 'review' | 'handoff' | 'sample';
  proposedActions: { tool: string; arguments: Record<string, unknown>; summary: string }[];
  createdAt: string;
  /** Whether a reply to this draft may be kept for reuse (offers "Approve and reuse"). */
  reusable?: boolean;
}

export interface ReviewOutcomeInput extends ReviewCardInput {
  outcome: 'approved' | 'edited' | 'rejected' | 'expired';
  actorUserId: string;
  decidedAt: string;
  durationMs: number;
  /** The reply sent instead of the draft: the edit, or the reply given with a rejection. */
  finalText: string | null;
  actionResults: string[];
  /** What became of the reuse choice, for staff (null: not asked). */
  reuseNote?: string | null;
}

// Budget, in blocks: 7 fixed + 5 draft + 22 actions + 6 outcome (or 1 for the buttons) = 40, under Slack's 50.
const MAX_DRAFT_SECTIONS = 5;
const MAX_ACTIONS_SHOWN = 20;
const MAX_FINAL_SECTIONS = 2;
const QUESTION_LENGTH = 2500;
const REASON_LENGTH = 300;
const SUMMARY_LENGTH = 500;
const PARAMETERS_LENGTH = 2000;
const RESULT_LENGTH = 300;
const SLACK_ID = /^[UWCDG][A-Z0-9]+$/;

/** The staff card for a draft that needs a human: everything needed to decide, and the three buttons. */
export function reviewCard(input: ReviewCardInput): SlackMessage {
  const blocks = cardBlocks(input);
  blocks.push(reviewButtons(input));
  return { text: fallback(input), blocks };
}

/** The same card once decided: no buttons, but who decided, how fast, what was sent and what ran. */
export function reviewOutcomeCard(input: ReviewOutcomeInput): SlackMessage {
  const blocks = cardBlocks(input);
  const actor = mention(input.actorUserId, '@');
  const after = formatDuration(input.durationMs);
  blocks.push(context([`${STRINGS.outcome[input.outcome](actor, after)} · ${slackDate(input.decidedAt)}`]));
  if (input.finalText?.trim()) {
    blocks.push(section(STRINGS.outcome.sentInstead), ...mrkdwnSections(markdownToMrkdwn(input.finalText), MAX_FINAL_SECTIONS));
  }
  if (input.actionResults.length > 0) {
    blocks.push(section(bulletList(STRINGS.outcome.actionResults, input.actionResults, RESULT_LENGTH)));
  }
  if (input.reuseNote) blocks.push(context([escapeAndTruncate(input.reuseNote, REASON_LENGTH * 2)]));
  return { text: fallback(input), blocks };
}

function cardBlocks(input: ReviewCardInput): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(title(input)),
    section(`${STRINGS.review.question}\n${quote(input.question)}`),
    context([asker(input)]),
    { type: 'divider' },
  ];
  const draft = mrkdwnSections(markdownToMrkdwn(input.answer), MAX_DRAFT_SECTIONS);
  blocks.push(section(draft.length > 0 ? STRINGS.review.draft : STRINGS.review.noDraft), ...draft);
  const sources = sourceElements(input.citations);
  if (sources.length > 0) blocks.push(context(sources));
  blocks.push(section(bulletList(STRINGS.review.confidence(percent(input.confidence)), input.reasons, REASON_LENGTH)));
  const actions = input.proposedActions;
  for (const action of actions.slice(0, MAX_ACTIONS_SHOWN)) {
    const tool = `\`${escapeAndTruncate(action.tool, 100)}\``;
    const summary = escapeAndTruncate(action.summary, SUMMARY_LENGTH);
    blocks.push(section(`${STRINGS.review.proposedAction(tool)}\n${summary}\n${codeBlock(json(action.arguments), PARAMETERS_LENGTH)}`));
  }
  if (actions.length > MAX_ACTIONS_SHOWN) blocks.push(context([STRINGS.review.moreActions(actions.length - MAX_ACTIONS_SHOWN)]));
  if (actions.length > 0) blocks.push(context([STRINGS.review.actionRule]));
  return blocks;
}

function reviewButtons(input: ReviewCardInput): ActionsBlock {
  const value = checkedValue(input.reviewId);
  const button = (text: string, action_id: string): Button => ({ type: 'button', action_id, value, text: { type: 'plain_text', text } });
  const count = input.proposedActions.length;
  const approve: Button = { ...button(count > 0 ? STRINGS.review.approveAndRun(count) : STRINGS.review.approve, ACTION_IDS.reviewApprove), style: 'primary' };
  if (input.proposedActions.length > 0) {
    // plain_text is not parsed by Slack, so tool names are shown as written, without escaping.
    const tools = input.proposedActions.map((action) => action.tool).join(', ');
    approve.confirm = {
      title: { type: 'plain_text', text: STRINGS.review.confirmTitle },
      text: { type: 'plain_text', text: truncatePlain(STRINGS.review.confirmText(tools), LIMITS.confirmText) },
      confirm: { type: 'plain_text', text: STRINGS.review.confirmApprove },
      deny: { type: 'plain_text', text: STRINGS.review.confirmDeny },
    };
  }
  const reject: Button = { ...button(STRINGS.review.reject, ACTION_IDS.reviewReject), style: 'danger' };
  // With no draft there is nothing to approve: staff write the reply (Edit) or close the question (Reject).
  const hasDraft = input.answer.trim().length > 0;
  // Reuse is never the default: it takes its own button (a draft with actions is never reusable).
  const approveReuse = hasDraft && input.reusable ? [button(STRINGS.review.approveReuse, ACTION_IDS.reviewApproveReuse)] : [];
  const elements = [...(hasDraft ? [approve] : []), ...approveReuse, button(STRINGS.review.edit, ACTION_IDS.reviewEdit), reject];
  return { type: 'actions', block_id: BLOCK_IDS.reviewButtons, elements };
}

function fallback(input: ReviewCardInput): string {
  return `${title(input)}: ${escapeAndTruncate(input.question.replace(/\s+/g, ' '), 300)}`;
}

function title(input: ReviewCardInput): string {
  if (input.decision === 'handoff') return STRINGS.review.handoffHeader;
  return input.decision === 'sample' ? STRINGS.review.sampleHeader : STRINGS.review.header;
}

/** The asker's text as a Slack quote: escaped, every line prefixed so a newline cannot end the quote. */
function quote(text: string): string {
  const escaped = escapeAndTruncate(text.trim(), QUESTION_LENGTH);
  return escaped.split('\n').map((line) => `>${line ? ` ${line}` : ''}`).join('\n');
}

function asker(input: ReviewCardInput): string {
  const where = [STRINGS.review.askedBy(mention(input.askerUserId, '@'), mention(input.channelId, '#'))];
  if (input.outsider) where.unshift(STRINGS.review.outsider[input.outsider]);
  // Only https: a permalink is always one, and anything else is not worth a click.
  if (input.permalink && /^https:\/\//i.test(input.permalink)) where.push(slackLink(input.permalink, STRINGS.review.viewMessage)!);
  where.push(slackDate(input.createdAt));
  return where.join(' · ');
}

/** A Slack mention for a well-formed id; anything else (a web visitor, a bad id) as plain escaped text. */
export function mention(id: string, sigil: '@' | '#'): string {
  return id.length <= 64 && SLACK_ID.test(id) ? `<${sigil}${id}>` : escapeAndTruncate(id, 100);
}

/** Slack renders the date in each reader's time zone; the ISO string is the fallback for old clients. */
export function slackDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return escapeAndTruncate(iso, 60);
  return `<!date^${Math.floor(time / 1000)}^${STRINGS.review.dateFormat}|${new Date(time).toISOString()}>`;
}

export function percent(confidence: number): string {
  if (!Number.isFinite(confidence)) return STRINGS.review.unknownConfidence;
  return `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`;
}

/** A title line and escaped bullets, as many as fit in one section, then "…and N more". */
function bulletList(title: string, items: string[], itemLength: number): string {
  const room = LIMITS.sectionText - 40; // space for the "…and N more" line
  let text = title;
  let shown = 0;
  for (const item of items) {
    const line = `\n• ${escapeAndTruncate(item.replace(/\s+/g, ' ').trim(), itemLength)}`;
    if (text.length + line.length > room) break;
    text += line;
    shown++;
  }
  return shown < items.length ? `${text}\n${STRINGS.review.moreReasons(items.length - shown)}` : text;
}

/** Parameters as indented JSON; what cannot be serialised (cycles, BigInt) is said to be so, not thrown. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return STRINGS.review.unserializable;
  }
}

export function formatDuration(ms: number): string {
  const seconds = Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0;
  if (seconds < 60) return STRINGS.duration.seconds(seconds);
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return STRINGS.duration.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return STRINGS.duration.hours(hours, minutes % 60);
  return STRINGS.duration.days(Math.floor(hours / 24), hours % 24);
}
