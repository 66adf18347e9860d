import { type AnswerType, hasAnswerOfType } from './answer-type';
import { lightStem, stemSet } from './light-stem';
import { type TextUnit, textUnits } from './text-units';
import { type WeightedTerms, weightedShare } from './term-weights';
import type { Passage } from './types';

/** A quotable unit of a top passage, scored against the question. */
export interface RankedUnit {
  passage: Passage;
  unit: TextUnit;
  /** Rarity-weighted share of the question's words in the unit itself. */
  ownShare: number;
  /** The same, counting the passage's title and headings as part of the unit. */
  contextShare: number;
  /** Matched words per word of the shortest span that holds them all (1 = adjacent). */
  proximity: number;
  typeMatch: boolean;
  score: number;
}

/**
 * Passages whose units compete. On a help centre the answering section is often in BM25's
 * top 6 but not its top 4 (a page's overview outscores its own subsection), so six compete;
 * the retrieval-rank term still favours the earlier ones when the evidence is even.
 */
export const RANKED_PASSAGES = 6;

/**
 * Scores every sentence, list item and table row of the top passages. The
 * weights are set by hand, for choosing what to quote (they are not a
 * probability: the calibrated confidence is computed from features of the
 * result). What counts: the rarity-weighted share of the question the unit
 * covers with its section's headings (a sentence under "Parking" answers a
 * parking question without saying "parking"), what it covers alone, how
 * close together the words are, whether it has the kind of answer asked for
 * (an amount for "how much"), and, a little, the passage's retrieval rank.
 */
export function rankUnits(passages: Passage[], weighted: WeightedTerms, answerType: AnswerType | null): RankedUnit[] {
  const top = passages.slice(0, RANKED_PASSAGES);
  const best = top[0]?.score ?? 0;
  const ranked: RankedUnit[] = [];
  top.forEach((passage, rank) => {
    const headingStems = stemSet([passage.title, ...passage.headingPath].join(' '));
    const retrieval = best > 0 ? Math.max(0, passage.score / best) : 1 / (rank + 1);
    for (const unit of textUnits(passage.text)) {
      const text = unit.header ? `${unit.header} ${unit.text}` : unit.text;
      const tokens = (unit.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(lightStem);
      // A row's header and a unit's headings are its context: they say what the row is about, not which row answers.
      const own = new Set(tokens);
      const ownShare = weightedShare(weighted, own);
      const contextShare = weightedShare(weighted, new Set([...own, ...headingStems, ...(unit.header ? stemSet(unit.header) : [])]));
      const proximity = proximityOf(tokens, weighted);
      const typeMatch = answerType !== null && hasAnswerOfType(answerType, text);
      // Long units dilute: a 60-word sentence that mentions the words in passing is a worse quote than a 15-word one.
      const brevity = 1 / (1 + Math.max(0, tokens.length - 40) / 80);
      const score =
        (0.45 * contextShare + 0.3 * ownShare + 0.1 * proximity + (answerType ? (typeMatch ? 0.1 : -0.05) : 0) + 0.15 * retrieval) * brevity;
      ranked.push({ passage, unit, ownShare, contextShare, proximity, typeMatch, score });
    }
  });
  return ranked.sort((a, b) => b.score - a.score || a.passage.score - b.passage.score || a.unit.index - b.unit.index);
}

/** Matched distinct words over the length of the shortest window holding all of them. */
function proximityOf(tokens: string[], weighted: WeightedTerms): number {
  const wanted = new Set(weighted.terms);
  const positions = tokens.map((token, index) => (wanted.has(token) ? index : -1)).filter((index) => index >= 0);
  const distinct = new Set(positions.map((index) => tokens[index]!)).size;
  if (distinct <= 1) return distinct === 1 ? 0.5 : 0;
  // Sliding window over match positions for the shortest span holding every distinct matched word.
  let bestSpan = Number.POSITIVE_INFINITY;
  const counts = new Map<string, number>();
  let left = 0;
  let have = 0;
  for (let right = 0; right < positions.length; right++) {
    const word = tokens[positions[right]!]!;
    counts.set(word, (counts.get(word) ?? 0) + 1);
    if (counts.get(word) === 1) have++;
    while (have === distinct) {
      bestSpan = Math.min(bestSpan, positions[right]! - positions[left]! + 1);
      const leftWord = tokens[positions[left]!]!;
      counts.set(leftWord, counts.get(leftWord)! - 1);
      if (counts.get(leftWord) === 0) have--;
      left++;
    }
  }
  return Math.min(1, distinct / bestSpan);
}
