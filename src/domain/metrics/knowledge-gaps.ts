import type { DraftFact } from './types';

export interface KnowledgeGap {
  /** The most recent wording of the question (trimmed to 300 characters). */
  question: string;
  /** The grouping key: the question normalised by `questionKey`. */
  key: string;
  count: number;
  lastAskedAt: string;
}

const MAX_KEY = 200;
const MAX_SHOWN = 300;

/**
 * The grouping key for "the same question": Unicode-compatibility folded,
 * lower-cased, every run of characters other than letters and digits
 * (punctuation, symbols, whitespace) collapsed to one space, trimmed, and
 * cut at 200 characters. "Refund policy?" and "refund  policy" share a key;
 * different wordings of the same need do not (no stemming, no synonyms).
 */
export function questionKey(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, MAX_KEY)
    .trim();
}

/**
 * The questions most often handed off (nothing relevant found, or the model
 * failed): where the knowledge base has gaps. Most frequent first; ties go
 * to the most recently asked, then to the key, so the order is stable.
 */
export function knowledgeGaps(drafts: readonly DraftFact[], limit = 10): KnowledgeGap[] {
  const groups = new Map<string, KnowledgeGap>();
  for (const draft of drafts) {
    if (draft.decision !== 'handoff' || draft.question === null) continue;
    const key = questionKey(draft.question);
    if (!key) continue;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { question: shown(draft.question), key, count: 1, lastAskedAt: draft.createdAt });
      continue;
    }
    group.count++;
    if (draft.createdAt > group.lastAskedAt) {
      group.lastAskedAt = draft.createdAt;
      group.question = shown(draft.question);
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || (a.lastAskedAt < b.lastAskedAt ? 1 : a.lastAskedAt > b.lastAskedAt ? -1 : 0) || (a.key < b.key ? -1 : 1))
    .slice(0, limit);
}

function shown(question: string): string {
  const text = question.trim().replace(/\s+/g, ' ');
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
