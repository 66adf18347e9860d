import { queryTerms } from '../knowledge/query-terms';
import type { SearchResult } from '../knowledge/search-knowledge';
import type { DocumentAudience } from '../knowledge/types';
import type { ToolRegistry } from '../tools/registry';
import { asksForAction } from './action-intent';
import { type ChatModel, ModelError, type TokenCounter } from './chat-model';
import { questionAnswerType } from './answer-type';
import { assessConfidence } from './confidence';
import { CONFIDENCE_PRIOR } from './confidence-prior';
import type { EngineConfig } from './engine-config';
import { extractiveReply } from './extractive';
import { answerOverlap } from './grounding';
import { draftWithModel, type ModelDraft } from './model-draft';
import { decide } from './policy';
import { PROMPT_VERSION } from './prompt';
import { type TermStatistics, weightTerms } from './term-weights';
import { bestVerifiedMatch, type VerifiedAnswerStore } from './verified-answers';
import { type Draft, type DraftMode, type Passage, type QuestionInput, readerFor, type SelfAssessment } from './types';

export interface AnswerEngineDependencies {
  search(text: string, reader: DocumentAudience, k: number): Promise<SearchResult>;
  /** How rare the question's words are among the passages this reader may see; null: every word weighs the same. */
  termStatistics?(words: string[], reader: DocumentAudience): Promise<TermStatistics | null>;
  /** Null: extractive mode. */
  model: ChatModel | null;
  counter: TokenCounter;
  /** Tools for this asker (search scoped to their audience); null for none. */
  tools: ToolRegistry | null;
  verified: VerifiedAnswerStore;
  /** Which of these chunk ids still exist (a changed document has new chunk ids). */
  existingChunks(ids: string[]): Promise<Set<string>>;
  config: EngineConfig;
  now(): Date;
  newId(): string;
}

/** Verified answers compared per question. */
const VERIFIED_CANDIDATES = 200;

/**
 * Drafts a reply to one question and decides what happens to it: retrieve
 * what the asker may see, reuse a verified answer when one fits, otherwise
 * draft with the model (or quote passages in extractive mode), assess
 * confidence, and apply the send / review / handoff policy.
 */
export class AnswerEngine {
  constructor(private readonly deps: AnswerEngineDependencies) {}

  async answer(input: QuestionInput): Promise<Draft> {
    const started = Date.now();
    const { config } = this.deps;
    const draftId = this.deps.newId();
    const reader = readerFor(input.audience);
    const search = await this.deps.search(input.text, reader, config.passages);
    const passages = search.hits.map(
      (hit, index): Passage => ({
        label: `P${index + 1}`,
        chunkId: hit.chunk.id,
        documentId: hit.chunk.documentId,
        title: hit.chunk.title,
        headingPath: hit.chunk.headingPath,
        text: hit.chunk.text,
        url: hit.url,
        score: hit.score,
        ranks: hit.ranks,
      }),
    );
    const statistics = this.deps.termStatistics ? await this.deps.termStatistics(queryTerms(input.text), reader) : null;
    const weighted = weightTerms(input.text, statistics);
    const answerType = questionAnswerType(input.text);
    // Ranked in every mode: the quote in extractive mode, the evidence the confidence reads in all.
    const extract = extractiveReply(passages, weighted, answerType);
    const actionRequested = asksForAction(input.text);

    const verified = actionRequested ? null : await this.findVerified(input);
    let mode: DraftMode = verified ? 'verified' : this.deps.model ? 'model' : 'extractive';
    let modelDraft: ModelDraft | null = null;
    let modelError: string | null = null;
    if (mode === 'model') {
      try {
        modelDraft = await draftWithModel(this.deps.model!, this.deps.counter, this.deps.tools, config, {
          question: input.text,
          audience: input.audience,
          history: input.history,
          passages,
          draftId,
        });
      } catch (error) {
        // The asker gets a holding reply and staff get the best passages to work from.
        modelError = error instanceof ModelError ? `${error.name}:${error.code}` : error instanceof Error ? error.name : 'error';
        mode = 'extractive';
      }
    }

    let answer: string;
    let citations: Passage[];
    let selfAssessment: SelfAssessment | null = null;
    const invalidCitations: string[] = [];
    if (verified) {
      answer = verified.answer.answer;
      citations = passages.filter((passage) => verified.answer.citedChunkIds.includes(passage.chunkId));
    } else if (modelDraft) {
      answer = modelDraft.reply.answer;
      selfAssessment = modelDraft.reply.assessment;
      const byLabel = new Map(modelDraft.shown.map((passage) => [passage.label, passage]));
      citations = [];
      for (const label of modelDraft.reply.citations) {
        const passage = byLabel.get(label);
        if (passage) citations.push(passage);
        else invalidCitations.push(label);
      }
    } else {
      ({ answer, citations } = extract);
    }

    const confidence = assessConfidence({
      mode,
      weighted,
      passages,
      ranked: extract.ranked,
      answerType,
      hybrid: search.mode === 'hybrid',
      model: modelDraft
        ? {
            assessment: selfAssessment,
            citations: { valid: citations.length, invalid: invalidCitations.length },
            answerOverlap: answerOverlap(answer, citations),
            logprobs: modelDraft.logprobs ?? null,
          }
        : null,
      invalidCitations,
      verifiedSimilarity: verified?.similarity,
      calibration: config.calibration,
      reference: CONFIDENCE_PRIOR.reference,
    });
    const proposedActions = modelDraft?.proposedActions ?? [];
    const policy = decide({
      audience: input.audience,
      stage: input.stage,
      confidence: confidence.score,
      sendThreshold: config.sendThreshold[input.audience],
      // Handoff only when nothing relevant came back; a weak but relevant draft goes to review for staff to start from.
      relevantFound: verified !== null || ((confidence.features.coverage ?? 0) >= config.relevanceFloor && selfAssessment !== 'not_found'),
      modelFailed: modelError !== null,
      proposesWriteAction: proposedActions.length > 0,
      asksForAction: actionRequested,
    });

    return {
      id: draftId,
      createdAt: this.deps.now().toISOString(),
      question: input.text,
      audience: input.audience,
      stage: input.stage,
      mode,
      answer,
      citations,
      proposedActions,
      toolRuns: modelDraft?.toolRuns ?? [],
      confidence: confidence.score,
      features: confidence.features,
      reasons: [...confidence.reasons, ...(modelError ? [`The model failed (${modelError}).`] : []), policy.reason],
      decision: policy.decision,
      provenance: {
        model: this.deps.model && modelDraft ? this.deps.model.model : null,
        promptVersion: PROMPT_VERSION,
        passages: passages.map((passage) => ({ chunkId: passage.chunkId, score: passage.score, ranks: passage.ranks })),
        retrievalMode: search.mode,
        selfAssessment,
        verifiedAnswerId: verified?.answer.id ?? null,
        latencyMs: Date.now() - started,
        inputTokens: modelDraft?.inputTokens ?? 0,
        outputTokens: modelDraft?.outputTokens ?? 0,
        modelError,
      },
    };
  }

  /** A verified answer for a near-identical question whose cited knowledge still exists unchanged. */
  private async findVerified(input: QuestionInput) {
    const candidates = await this.deps.verified.recent(input.audience, VERIFIED_CANDIDATES);
    const match = bestVerifiedMatch(input.text, candidates, this.deps.config.verifiedSimilarity);
    if (!match) return null;
    const existing = await this.deps.existingChunks(match.answer.citedChunkIds);
    const unchanged = match.answer.citedChunkIds.every((id) => existing.has(id));
    return unchanged ? match : null;
  }
}
