import { questionAnswerType } from '../answer/answer-type';
import { assessConfidence } from '../answer/confidence';
import { CONFIDENCE_PRIOR } from '../answer/confidence-prior';
import { DEFAULT_ENGINE_CONFIG } from '../answer/engine-config';
import { answerOverlap } from '../answer/grounding';
import { decide } from '../answer/policy';
import { type ParsedReply, parseReply } from '../answer/prompt';
import { rankUnits } from '../answer/rank-units';
import { weightTerms } from '../answer/term-weights';
import type { AskerAudience, Passage } from '../answer/types';
import { rougeL } from './reply-similarity';

/** One validation item: the context staff saw, and what they did with the draft. */
export interface EvalItem {
  id: string;
  audience: AskerAudience;
  question: string;
  /** Passage labels and texts as shown in the recorded prompt. */
  passages: { label: string; text: string; source: string }[];
  /** The reply staff approved (or wrote). */
  reference: string;
  /** approved: sending the draft as it was would have been right; otherwise review was right. */
  staffOutcome: 'approved' | 'edited' | 'rejected_with_reply' | 'handwritten';
}

export interface ItemResult {
  similarity: number;
  decision: 'send' | 'review' | 'handoff';
  policyAgrees: boolean | null;
  citationsValid: boolean;
  refused: boolean;
  unanswerable: boolean;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

/**
 * Scores one model reply on a validation item. The decision is the engine's
 * own (confidence and policy, autonomous stage), with retrieval evidence
 * computed from the recorded context (no rarity statistics: every word
 * weighs the same).
 */
export function scoreReply(
  item: EvalItem,
  reply: ParsedReply,
  usage: { inputTokens: number; outputTokens: number; latencyMs: number; logprobs: number[] | null },
  sendThreshold: number,
): ItemResult {
  const passages: Passage[] = item.passages.map((passage, index) => ({
    label: passage.label,
    chunkId: passage.label,
    documentId: passage.source,
    title: passage.source,
    headingPath: [passage.source],
    text: passage.text,
    url: null,
    score: item.passages.length - index,
    ranks: { lexical: index + 1 },
  }));
  const weighted = weightTerms(item.question, null);
  const answerType = questionAnswerType(item.question);
  const labels = new Set(item.passages.map((passage) => passage.label));
  const cited = reply.citations.filter((label) => labels.has(label));
  const invalid = reply.citations.filter((label) => !labels.has(label));
  const confidence = assessConfidence({
    mode: 'model',
    weighted,
    passages,
    ranked: rankUnits(passages, weighted, answerType),
    answerType,
    hybrid: false,
    model: {
      assessment: reply.assessment,
      citations: { valid: cited.length, invalid: invalid.length },
      answerOverlap: answerOverlap(reply.answer, passages.filter((passage) => cited.includes(passage.label))),
      logprobs: usage.logprobs,
    },
    invalidCitations: invalid,
    calibration: DEFAULT_ENGINE_CONFIG.calibration,
    reference: CONFIDENCE_PRIOR.reference,
  });
  const { decision } = decide({
    audience: item.audience,
    stage: 'autonomous',
    confidence: confidence.score,
    sendThreshold,
    relevantFound: (confidence.features.coverage ?? 0) >= DEFAULT_ENGINE_CONFIG.relevanceFloor && reply.assessment !== 'not_found',
    modelFailed: false,
    proposesWriteAction: false,
    asksForAction: false,
  });
  const staffWouldSend = item.staffOutcome === 'approved';
  return {
    similarity: rougeL(reply.answer, item.reference),
    decision,
    policyAgrees: item.staffOutcome === 'handwritten' ? null : (decision === 'send') === staffWouldSend,
    citationsValid: invalid.length === 0,
    refused: reply.assessment === 'not_found',
    unanswerable: item.passages.length === 0,
    ...usage,
  };
}

export interface ModelFigures {
  items: number;
  meanSimilarity: number;
  policyAgreement: number | null;
  citationValidity: number;
  refusalRateOnUnanswerable: number | null;
  inputTokens: number;
  outputTokens: number;
  p50LatencyMs: number;
}

export function summarise(results: ItemResult[]): ModelFigures {
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
  const judged = results.filter((result) => result.policyAgrees !== null);
  const unanswerable = results.filter((result) => result.unanswerable);
  const latencies = results.map((result) => result.latencyMs).sort((a, b) => a - b);
  return {
    items: results.length,
    meanSimilarity: mean(results.map((result) => result.similarity)),
    policyAgreement: judged.length === 0 ? null : judged.filter((result) => result.policyAgrees).length / judged.length,
    citationValidity: mean(results.map((result) => (result.citationsValid ? 1 : 0))),
    refusalRateOnUnanswerable: unanswerable.length === 0 ? null : unanswerable.filter((result) => result.refused).length / unanswerable.length,
    inputTokens: results.reduce((sum, result) => sum + result.inputTokens, 0),
    outputTokens: results.reduce((sum, result) => sum + result.outputTokens, 0),
    p50LatencyMs: latencies[Math.max(0, Math.ceil(latencies.length / 2) - 1)] ?? 0,
  };
}

/** Reads an eval item back out of a chat-format training example (the prompt format of prompt.ts). */
export function evalItemFromExample(
  example: { messages: { role: string; content: string }[] },
  meta: { id: string; audience: AskerAudience; source: EvalItem['staffOutcome'] },
): EvalItem | null {
  const user = example.messages.find((message) => message.role === 'user')?.content;
  const reference = example.messages.at(-1);
  if (!user || reference?.role !== 'assistant') return null;
  const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(user)?.[1]?.trim();
  if (!question) return null;
  const passages = [...user.matchAll(/<passage id="(P\d+)" source="([^"]*)">\n([\s\S]*?)\n<\/passage>/g)].map((match) => ({
    label: match[1]!,
    source: match[2]!,
    text: match[3]!,
  }));
  // Training replies are the engine's structured JSON; the reference is its answer text.
  const answer = parseReply(reference.content)?.answer ?? reference.content;
  return { id: meta.id, audience: meta.audience, question, passages, reference: answer, staffOutcome: meta.source };
}
