import type { FeatureVector } from '../calibration/logistic';
import type { AnswerType } from './answer-type';
import { lightStem, stemSet } from './light-stem';
import type { RankedUnit } from './rank-units';
import { nearMiss } from './spelling';
import { type WeightedTerms, weightedShare } from './term-weights';
import type { Passage, SelfAssessment } from './types';

/**
 * The evidence a draft's confidence is computed from, as named numbers. Each
 * is stored with the draft, so a channel's refit learns from exactly what
 * the gate saw. Every feature is 0 when it says nothing (a model feature in
 * extractive mode, agreement with one retriever), so a model fitted without
 * it is unchanged by it.
 */
export interface FeatureInput {
  weighted: WeightedTerms;
  /** Retrieval order. */
  passages: Passage[];
  /** Units of the top passages, best first (see rankUnits). */
  ranked: RankedUnit[];
  answerType: AnswerType | null;
  hybrid: boolean;
  model: ModelSignals | null;
}

export interface ModelSignals {
  assessment: SelfAssessment | null;
  citations: { valid: number; invalid: number };
  /** Share of the reply's content words found in the cited passages. */
  answerOverlap: number;
  logprobs: number[] | null;
}

/** Passages whose words count as found. */
const TOP = 3;

export function confidenceFeatures(input: FeatureInput): FeatureVector {
  const { weighted, passages, ranked } = input;
  const top = passages.slice(0, TOP);
  const lead = ranked[0];
  if (!lead || weighted.total === 0) return { no_passage: 1, ...modelFeatures(input.model) };
  const passageStems = top.map((passage) => withTypos(weighted, `${passage.title} ${passage.headingPath.join(' ')} ${passage.text}`));
  const union = new Set(passageStems.flatMap((stems) => [...stems]));
  const missing = weighted.terms.filter((term) => !union.has(term));
  const leadPassage = lead.passage;
  return {
    coverage: round(Math.max(...passageStems.map((stems) => weightedShare(weighted, stems)))),
    rare_word_missing: round(missing.length === 0 ? 0 : Math.max(...missing.map((term) => weighted.weight.get(term)! / weighted.ceiling))),
    together: round(lead.ownShare),
    heading_match: round(weightedShare(weighted, stemSet(`${leadPassage.title} ${leadPassage.headingPath.join(' ')}`))),
    score_vs_best: round(saturatedShare(weighted, leadPassage)),
    gap: round(retrievalGap(passages)),
    passage_gap: round(passageGap(ranked)),
    answer_type: input.answerType === null ? 0 : lead.typeMatch ? 1 : -1,
    retrievers_agree: input.hybrid ? (agreement(leadPassage) ? 1 : -1) : 0,
    ...modelFeatures(input.model),
  };
}

/**
 * A passage's stems, plus each question word that the knowledge base has nowhere (it weighs the
 * ceiling) but that is a near miss of one of the passage's words: the asker's typo ("imoprt"),
 * which should count as found, not as the missing concept of a trap question.
 */
function withTypos(weighted: WeightedTerms, text: string): Set<string> {
  const stems = stemSet(text);
  const unknown = weighted.terms.filter((term) => !stems.has(term) && weighted.weight.get(term)! >= weighted.ceiling);
  if (unknown.length === 0) return stems;
  const words = new Set(text.toLowerCase().match(/[\p{L}]+/gu) ?? []);
  for (const term of unknown) if (nearMiss(weighted.word.get(term) ?? term, words) !== null) stems.add(term);
  return stems;
}

/** Model-mode features, each 0 for a model that answered, cited retrieved passages and stayed on them. */
function modelFeatures(model: ModelSignals | null): FeatureVector {
  if (!model) return {};
  const cited = model.citations.valid + model.citations.invalid;
  const features: FeatureVector = {
    model_partial: model.assessment === 'partial' ? 1 : 0,
    model_not_found: model.assessment === 'not_found' ? 1 : 0,
    no_citation: cited === 0 ? 1 : 0,
    invented_citation: model.citations.invalid > 0 ? 1 : 0,
    grounding_shortfall: round(cited === 0 ? 1 : 1 - (model.citations.valid / cited) * model.answerOverlap),
  };
  if (model.logprobs && model.logprobs.length > 0) {
    features.token_uncertainty = round(1 - Math.exp(model.logprobs.reduce((sum, value) => sum + value, 0) / model.logprobs.length));
  }
  return features;
}

/**
 * The lead passage's score against the best a passage could get for this
 * question: each word's rarity weight, saturated by how often it occurs
 * (BM25's tf / (tf + k)), a heading occurrence counting double. 1 would be a
 * passage that repeats every question word; a single passing mention of
 * each gives about 0.6.
 */
function saturatedShare(weighted: WeightedTerms, passage: Passage): number {
  const counts = new Map<string, number>();
  const add = (text: string, times: number) => {
    for (const token of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      const stem = lightStem(token);
      counts.set(stem, (counts.get(stem) ?? 0) + times);
    }
  };
  add(passage.text, 1);
  add(`${passage.title} ${passage.headingPath.join(' ')}`, 2);
  let got = 0;
  for (const term of weighted.terms) {
    const tf = counts.get(term) ?? 0;
    got += weighted.weight.get(term)! * (tf / (tf + 0.6));
  }
  return got / weighted.total;
}

/**
 * The gap to the next passage, in evidence terms: how much more of the
 * question (rarity-weighted, with its headings) the quoted passage's best
 * unit covers than the best unit of any other passage. Near 0: another
 * section answers as well, and the quote may be the wrong one.
 */
function passageGap(ranked: RankedUnit[]): number {
  const best = new Map<string, number>();
  for (const unit of ranked) best.set(unit.passage.chunkId, Math.max(best.get(unit.passage.chunkId) ?? 0, unit.contextShare));
  const lead = best.get(ranked[0]!.passage.chunkId) ?? 0;
  const others = [...best.entries()].filter(([id]) => id !== ranked[0]!.passage.chunkId).map(([, share]) => share);
  return Math.max(0, lead - Math.max(0, ...others));
}

/** How far the best retrieval score stands out: top / second − 1, in [0, 1]; 1 with a single passage. */
function retrievalGap(passages: Passage[]): number {
  const [first, second] = passages;
  if (!first) return 0;
  if (!second || second.score <= 0) return 1;
  return Math.min(1, Math.max(0, first.score / second.score - 1));
}

/** Both retrievers rank the passage in their top three. */
function agreement(passage: Passage): boolean {
  const { lexical, semantic } = passage.ranks;
  return lexical !== undefined && semantic !== undefined && lexical <= TOP && semantic <= TOP;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
