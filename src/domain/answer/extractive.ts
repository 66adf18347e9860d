import type { AnswerType } from './answer-type';
import { type RankedUnit, rankUnits } from './rank-units';
import type { TextUnit } from './text-units';
import type { WeightedTerms } from './term-weights';
import type { Passage } from './types';

/**
 * The extractive reply: when no model is configured, the bot quotes the
 * sentences, list items or table rows of the knowledge base that best answer
 * the question, verbatim, with their sources, and says so. It never
 * paraphrases, so it cannot misstate the knowledge base; its weakness is
 * only that the quote may not be the answer, which confidence reflects.
 */
export const EXTRACTIVE_LABEL = 'From the knowledge base (quoted as written, not composed by a model):';

/** Units quoted at most: enough for an answer and its condition, short enough to read in a chat. */
const MAX_UNITS = 3;
/** A further unit is quoted when it scores at least this share of the best one. */
const COMPANION_RATIO = 0.85;
/** A second passage is quoted when its best unit is nearly as good as the first passage's. */
const SECOND_PASSAGE_RATIO = 0.92;
/** A list is quoted whole when it is this short; longer lists give their best items. */
const WHOLE_LIST = { items: 8, chars: 700 };

export interface ExtractiveReply {
  answer: string;
  /** Quoted passages, most relevant first. */
  citations: Passage[];
  /** Every scored unit, best first (the evidence the confidence reads). */
  ranked: RankedUnit[];
}

export function extractiveReply(passages: Passage[], weighted: WeightedTerms, answerType: AnswerType | null): ExtractiveReply {
  const ranked = rankUnits(passages, weighted, answerType);
  const lead = ranked[0];
  if (!lead) return { answer: '', citations: [], ranked };
  const chosen = new Map<Passage, RankedUnit[]>([[lead.passage, [lead]]]);
  let count = 1;
  for (const candidate of ranked.slice(1)) {
    if (count >= MAX_UNITS || candidate.score < lead.score * COMPANION_RATIO) break;
    const list = chosen.get(candidate.passage);
    if (list) {
      if (list.some((unit) => unit.unit.text === candidate.unit.text)) continue;
      list.push(candidate);
      count++;
    } else if (chosen.size < 2 && candidate.score >= lead.score * SECOND_PASSAGE_RATIO && !repeats(chosen, candidate)) {
      chosen.set(candidate.passage, [candidate]);
      count++;
    }
  }
  // Overlapping chunks share text: a line already quoted (a whole list, a lead-in, a row) is not quoted again.
  const quoted = new Set<string>();
  const quotes: string[] = [];
  const citations: Passage[] = [];
  for (const [passage, units] of chosen) {
    const lines = quoteUnits(passage, units, ranked, quoted);
    if (lines === null) continue;
    quotes.push(`${lines}\n— ${sourceLine(passage)}`);
    citations.push(passage);
  }
  return { answer: `${EXTRACTIVE_LABEL}\n\n${quotes.join('\n\n')}`, citations, ranked };
}

/** The same sentence in two passages (overlapping chunks) is quoted once. */
function repeats(chosen: Map<Passage, RankedUnit[]>, candidate: RankedUnit): boolean {
  return [...chosen.values()].some((units) => units.some((unit) => unit.unit.text === candidate.unit.text));
}

/**
 * Quotes the chosen units of one passage in document order, whole lists and table headers
 * included, leaving out lines `quoted` already holds (and adding its own); null when nothing new is left.
 */
function quoteUnits(passage: Passage, picked: RankedUnit[], ranked: RankedUnit[], quoted: Set<string>): string | null {
  const all = ranked
    .filter((unit) => unit.passage === passage)
    .map((unit) => unit.unit)
    .sort((a, b) => a.index - b.index);
  const byIndex = new Map(all.map((unit) => [unit.index, unit]));
  const indexes = new Set<number>();
  for (const { unit } of picked) {
    indexes.add(unit.index);
    const list = unit.kind === 'item' ? unit.group : leadsList(unit, all);
    if (list === null) continue;
    const items = all.filter((other) => other.group === list);
    const whole = items.length <= WHOLE_LIST.items && items.reduce((sum, item) => sum + item.text.length, 0) <= WHOLE_LIST.chars;
    if (whole) for (const item of items) indexes.add(item.index);
    const leadIn = items[0]?.leadIn;
    if (leadIn !== null && leadIn !== undefined) indexes.add(leadIn);
  }
  const lines: string[] = [];
  let previous: TextUnit | null = null;
  let header: string | null = null;
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const unit = byIndex.get(index)!;
    if (quoted.has(unit.text)) continue;
    quoted.add(unit.text);
    if (previous && index !== previous.index + 1 && lines.length > 0) lines.push('…');
    if (unit.kind === 'row' && unit.header !== header) lines.push(unit.header!);
    header = unit.kind === 'row' ? unit.header : null;
    lines.push(unit.text);
    previous = unit;
  }
  return lines.length === 0 ? null : lines.map((line) => `> ${line}`).join('\n');
}

/** The list a sentence introduces ("… the following:"), if any. */
function leadsList(unit: TextUnit, all: TextUnit[]): number | null {
  return all.find((other) => other.leadIn === unit.index)?.group ?? null;
}

export function sourceLine(passage: Passage): string {
  const path = passage.headingPath.join(' › ');
  return passage.url ? `[${path}](${passage.url})` : path;
}
