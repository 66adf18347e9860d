import type { ContextBlock, ContextBlockElement, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { LIMITS } from './limits';
import { escapeAndTruncate, escapeMrkdwn, slackLink, splitMrkdwn, truncateMrkdwn, truncatePlain } from './mrkdwn';
import { STRINGS } from './strings';

/** A cited source as the renderers need it (a subset of the domain's Passage). */
export interface Citation {
  title: string;
  headingPath: string[];
  url: string | null;
}

/** What every renderer returns: blocks plus the `text` Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const MAX_SOURCES = 5;
const SOURCE_LABEL_LENGTH = 150;
// Longer URLs are shown as text: a link must fit in one context element.
const SOURCE_URL_LENGTH = 1000;

export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText) } };
}

export function context(elements: string[]): ContextBlock {
  const shown: ContextBlockElement[] = elements
    .slice(0, LIMITS.contextElements)
    .map((text) => ({ type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText) }));
  return { type: 'context', elements: shown };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncatePlain(text, LIMITS.headerText), emoji: true } };
}

/**
 * mrkdwn as consecutive sections of at most 3000 characters each, and at most
 * `maxSections` of them; text beyond that is cut and marked with '…'.
 */
export function mrkdwnSections(mrkdwn: string, maxSections: number): SectionBlock[] {
  const pieces = splitMrkdwn(mrkdwn, LIMITS.sectionText);
  if (pieces.length > maxSections) {
    pieces.length = maxSections;
    const last = pieces[maxSections - 1]!;
    pieces[maxSections - 1] = last.length <= LIMITS.sectionText - 2 ? `${last}\n…` : truncateMrkdwn(last, last.length - 1);
  }
  return pieces.map(section);
}

/**
 * One context element per source (so a long URL cannot push the others past
 * the element limit), deduplicated, at most five, then "+N more". Links only
 * for http(s) URLs; otherwise the title and heading path as plain text.
 */
export function sourceElements(citations: Citation[]): string[] {
  const seen = new Set<string>();
  const sources: string[] = [];
  for (const citation of citations) {
    const label = truncatePlain([citation.title, ...citation.headingPath].map((part) => part.trim()).filter(Boolean).join(' › '), SOURCE_LABEL_LENGTH);
    const url = citation.url && escapeMrkdwn(citation.url).length <= SOURCE_URL_LENGTH && /^https?:\/\//i.test(citation.url) ? citation.url : null;
    const key = `${url ?? ''}\n${label}`;
    if (seen.has(key) || (!label && !url)) continue;
    seen.add(key);
    sources.push((url && slackLink(url, label || url)) || escapeAndTruncate(label, SOURCE_LABEL_LENGTH * 5));
  }
  if (sources.length === 0) return [];
  const shown = sources.slice(0, MAX_SOURCES);
  const extra = sources.length - shown.length;
  return [STRINGS.answer.sources, ...shown, ...(extra > 0 ? [STRINGS.answer.moreSources(extra)] : [])];
}

/** Ids travel in button values and private_metadata; an oversized one is a bug upstream, not something to cut. */
export function checkedValue(value: string): string {
  if (value.length === 0 || value.length > LIMITS.buttonValue) throw new Error(`Invalid Slack action value length: ${value.length}`);
  return value;
}
