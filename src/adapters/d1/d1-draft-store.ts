import type { Draft } from '../../domain/answer/types';
import { parseFeatures } from './feature-json';
import type { DraftRepository } from '../../domain/review/types';

interface DraftRow {
  id: string;
  created_at: string;
  audience: Draft['audience'];
  stage: Draft['stage'];
  question: string;
  mode: Draft['mode'];
  answer: string;
  citations: string;
  proposed_actions: string;
  tool_runs: string;
  confidence: number;
  reasons: string;
  decision: Draft['decision'];
  model: string | null;
  prompt_version: string;
  passages: string;
  retrieval_mode: Draft['provenance']['retrievalMode'];
  self_assessment: Draft['provenance']['selfAssessment'];
  verified_answer_id: string | null;
  latency_ms: number;
  input_tokens: number;
  output_tokens: number;
  model_error: string | null;
  features: string | null;
}

/** Drafts in D1: saved once, by id, so a retried save is harmless. */
export class D1DraftStore implements DraftRepository {
  constructor(private readonly db: D1Database) {}

  async get(id: string): Promise<Draft | null> {
    const row = await this.db.prepare('SELECT * FROM drafts WHERE id = ?').bind(id).first<DraftRow>();
    if (!row) return null;
    const features = parseFeatures(row.features);
    return {
      id: row.id,
      createdAt: row.created_at,
      question: row.question,
      audience: row.audience,
      stage: row.stage,
      mode: row.mode,
      answer: row.answer,
      citations: JSON.parse(row.citations),
      proposedActions: JSON.parse(row.proposed_actions),
      toolRuns: JSON.parse(row.tool_runs),
      confidence: row.confidence,
      ...(features ? { features } : {}),
      reasons: JSON.parse(row.reasons),
      decision: row.decision,
      provenance: {
        model: row.model,
        promptVersion: row.prompt_version,
        passages: JSON.parse(row.passages),
        retrievalMode: row.retrieval_mode,
        selfAssessment: row.self_assessment,
        verifiedAnswerId: row.verified_answer_id,
        latencyMs: row.latency_ms,
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        modelError: row.model_error,
      },
    };
  }

  /**
   * Saves a draft once (a second save of the same id is a no-op); `channel`
   * says where it was asked, `preview` that a staff preview session asked it
   * (left out of the dashboard's figures).
   */
  async save(draft: Draft, channel = 'slack', options: { preview?: boolean } = {}): Promise<void> {
    const p = draft.provenance;
    await this.db
      .prepare(
        `INSERT OR IGNORE INTO drafts (id, created_at, audience, stage, question, mode, answer, citations, proposed_actions,
           tool_runs, confidence, reasons, decision, model, prompt_version, passages, retrieval_mode, self_assessment,
           verified_answer_id, latency_ms, input_tokens, output_tokens, model_error, channel, features, preview)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        draft.id,
        draft.createdAt,
        draft.audience,
        draft.stage,
        draft.question,
        draft.mode,
        draft.answer,
        JSON.stringify(draft.citations),
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
        channel,
        featuresJson(draft),
        options.preview ? 1 : 0,
      )
      .run();
  }
}

/** The confidence features the draft was scored on, kept so the channel's model can be refitted on them. */
function featuresJson(draft: Draft): string | null {
  return draft.features ? JSON.stringify(draft.features) : null;
}
