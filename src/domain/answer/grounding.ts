import { stemSet } from './light-stem';
import type { Passage } from './types';

/**
 * Share of a reply's content words (stems of four letters or more) found in
 * the passages it cites: the "claims overlap the cited text" part of
 * grounding. Used by the engine's confidence and by model evaluation alike.
 */
export function answerOverlap(answer: string, cited: Passage[]): number {
  const words = [...stemSet(answer)].filter((word) => word.length > 3);
  if (words.length === 0) return 0;
  const citedWords = stemSet(cited.map((passage) => `${passage.headingPath.join(' ')} ${passage.text}`).join(' '));
  return words.filter((word) => citedWords.has(word)).length / words.length;
}
