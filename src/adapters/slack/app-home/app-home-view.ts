import type { HomeView, KnownBlock } from '@slack/types';
import type { RolloutStage } from '../../../domain/answer/types';
import type { KnowledgeFacts, PendingReviewFact, StepDownFact } from '../../d1/d1-app-home-facts';
import { escapeAndTruncate, slackLink, truncatePlain } from '../blocks/mrkdwn';
import { context, header, section } from '../blocks/parts';
import { formatDuration, slackDate } from '../blocks/review-card';

/** A review with the link to its card in the staff channel, when Slack gave one. */
export interface HomeReview extends PendingReviewFact {
  cardLink: string | null;
}

export interface HomeChannel {
  id: string;
  stage: RolloutStage;
  /** The readiness report's one-line summary for the next stage. */
  readiness: string;
}

export interface StaffHomeFacts {
  pending: { count: number; oldest: HomeReview[] };
  channels: HomeChannel[];
  lastStepDown: StepDownFact | null;
}

export interface HomeInput {
  /** Staff see the review queue and the rollout; everyone sees what the bot knows and how to ask. */
  staff: StaffHomeFacts | null;
  knowledge: KnowledgeFacts;
  botUserId: string | null;
  command: string;
  now: Date;
}

const QUESTION_LENGTH = 140;
const MAX_BLOCKS = 100; // a Home tab holds up to 100 blocks

/** The App Home tab, rebuilt whole on every publish (views.publish replaces the view). */
export function appHomeView(input: HomeInput): HomeView {
  const blocks: KnownBlock[] = [...(input.staff ? staffBlocks(input.staff, input.now) : []), ...everyoneBlocks(input)];
  return { type: 'home', blocks: blocks.slice(0, MAX_BLOCKS) };
}

function staffBlocks(facts: StaffHomeFacts, now: Date): KnownBlock[] {
  const { count, oldest } = facts.pending;
  const blocks: KnownBlock[] = [header('Reviews waiting for staff')];
  if (count === 0) blocks.push(section('No reviews are waiting. :white_check_mark:'));
  else {
    const first = oldest[0];
    const waiting = first ? `, the oldest waiting ${formatDuration(now.getTime() - Date.parse(first.createdAt))}` : '';
    blocks.push(section(`*${count} pending review${count === 1 ? '' : 's'}*${waiting}.`));
    for (const review of oldest) blocks.push(section(reviewLine(review, now)));
    if (count > oldest.length) blocks.push(context([`…and ${count - oldest.length} more in the staff channel and the review console.`]));
  }
  blocks.push({ type: 'divider' }, header('Rollout'));
  for (const channel of facts.channels) {
    blocks.push(section(`*${channel.id === 'slack' ? 'Slack (employees)' : `Web chat \`${escapeAndTruncate(channel.id, 60)}\``}*: \`${channel.stage}\`\n${escapeAndTruncate(channel.readiness, 500)}`));
  }
  const down = facts.lastStepDown;
  blocks.push(
    section(
      down
        ? `*Last step-down:* \`${escapeAndTruncate(down.channel, 60)}\` on ${slackDate(down.at)} by ${escapeAndTruncate(down.actor, 80)}${down.comment ? `: ${escapeAndTruncate(down.comment, 300)}` : ''}`
        : '*Last step-down:* none so far.',
    ),
    { type: 'divider' },
  );
  return blocks;
}

function reviewLine(review: HomeReview, now: Date): string {
  const question = review.question.replace(/\s+/g, ' ').trim() || '(no question text)';
  const label = review.cardLink ? (slackLink(review.cardLink, truncatePlain(question, QUESTION_LENGTH)) ?? escapeAndTruncate(question, QUESTION_LENGTH)) : escapeAndTruncate(question, QUESTION_LENGTH);
  const kind = review.kind === 'handoff' ? 'handoff' : review.kind === 'sample' ? 'sampled reply' : 'review';
  return `• ${label}\n   _${kind}, waiting ${formatDuration(now.getTime() - Date.parse(review.createdAt))}_`;
}

function everyoneBlocks(input: HomeInput): KnownBlock[] {
  const bot = input.botUserId ? `<@${input.botUserId}>` : 'the bot';
  const { knowledge } = input;
  const blocks: KnownBlock[] = [
    header('Ask Countersign'),
    section(
      [
        "I answer questions from the company's knowledge base, with links to my sources. When I'm not sure, a teammate checks the answer before you get it.",
        `• Open me from the top bar of Slack (the AI assistant pane), or send me a message in the *Messages* tab.`,
        `• Mention ${bot} in a channel; I reply in the thread, and you can follow up there.`,
        `• \`${input.command} help\` lists what else I can do.`,
      ].join('\n'),
    ),
    header('What I know'),
  ];
  if (knowledge.documents === 0) {
    blocks.push(section('Nothing yet: no documents have been added to the knowledge base.'));
    return blocks;
  }
  const synced = knowledge.lastSync ? `, last updated ${slackDate(knowledge.lastSync)}` : '';
  blocks.push(section(`*${knowledge.documents} document${knowledge.documents === 1 ? '' : 's'}*${synced}.`));
  const sources = knowledge.sources.map((source) => `*${source.name ? escapeAndTruncate(source.name, 80) : 'Other documents'}*: ${source.documents} · ${slackDate(source.lastSync)}`);
  if (sources.length > 0) blocks.push(context(sources));
  return blocks;
}

