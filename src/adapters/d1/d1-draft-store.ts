import type { Draft } from '../../domain/answer/types';

/** Drafts in D1: saved once, by id, so a retried save is harmless. */
export class D1DraftStore {
  constructor(private readonly db: D1Database) {}

  async save(draft: Draft): Promise<void> {
    const p = draft.provenance;
    await this.db
      .prepare(
        `INSERT OR IGNORE INTO drafts (id, created_at, audience, stage, question, mode, answer, citations, proposed_actions,
           tool_runs, confidence, reasons, decision, model, prompt_version, passages, retrieval_mode, self_assessment,
           verified_answer_id, latency_ms, input_tokens, output_tokens, model_error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        draft.id,
        draft.createdAt,
        draft.audience,
        draft.stage,
        draft.question,
        draft.mode,
        draft.answer,
        JSON.stringify(draft.citations.map(({ label, chunkId, documentId, headingPath, url }) => ({ label, chunkId, documentId, headingPath, url }))),
        JSON.stringify(draft.proposedActions),
        JSON.stringify(draft.toolRuns),
        draft.confidence,
        JSON.stringify(draft.reasons),
        draft.decision,
        p.model,
        p.promptVersion,
        JSON.stringify(p.passages),
        p.retrievalMode,
        p.selfAssessment,
        p.verifiedAnswerId,
        p.latencyMs,
        p.inputTokens,
        p.outputTokens,
        p.modelError,
      )
      .run();
  }
}
