import { z } from 'zod';
import type { CalibrationModel } from '../../domain/calibration/logistic';
import type { QuestionFeatures } from '../../domain/calibration/operating-point';
import type { ChannelDecision } from '../../domain/calibration/training-samples';
import type { CalibrationFit, CalibrationStore, CalibrationTarget } from '../../domain/calibration/types';
import { featureSchema, parseFeatures } from './feature-json';

interface FitRow {
  channel: string;
  version: number;
  fitted_at: string;
  model: string;
  decisions: number;
  approved: number;
  last_decided_at: string;
  previous_model: string;
  scored?: string;
}

interface DecisionRow {
  id: string;
  decided_at: string;
  kind: ChannelDecision['kind'];
  status: ChannelDecision['status'];
  features: string;
}

// Stored JSON is re-checked on the way out: a row written by an older or broken version reads as absent.
const modelSchema = z.object({
  version: z.string(),
  intercept: z.number().finite(),
  coefficients: featureSchema,
  fittedOn: z.object({ decisions: z.number(), source: z.string(), fittedAt: z.string() }),
});
const scoredSchema = z.array(z.tuple([z.number().min(0).max(1), z.union([z.literal(0), z.literal(1)])]));

const FIT_COLUMNS = 'channel, version, fitted_at, model, decisions, approved, last_decided_at, previous_model';

/** Fits, targets and the decisions they learn from, in D1 (migration 0008). */
export class D1CalibrationStore implements CalibrationStore {
  constructor(private readonly db: D1Database) {}

  async channels(): Promise<string[]> {
    // The Slack channel's row appears on first read elsewhere; its reviews name it either way.
    const { results } = await this.db
      .prepare("SELECT id FROM channels UNION SELECT DISTINCT channel FROM reviews WHERE kind IN ('review', 'sample') ORDER BY 1")
      .all<{ id: string }>();
    return results.map((row) => row.id);
  }

  async decisions(channel: string, limit: number): Promise<ChannelDecision[]> {
    // Action drafts are left out (the gate never sends them, whatever their score), and so are reused
    // verified answers: staff approved that reply before, so approving it again says nothing about
    // the retrieval features the model weighs.
    const { results } = await this.db
      .prepare(
        `SELECT r.id, r.decided_at, r.kind, r.status, d.features FROM reviews r JOIN drafts d ON d.id = r.draft_id
         WHERE r.channel = ?1 AND r.kind IN ('review', 'sample') AND r.status IN ('approved', 'edited', 'rejected')
           AND r.decided_at IS NOT NULL AND d.features IS NOT NULL AND d.mode != 'verified' AND COALESCE(json_array_length(d.proposed_actions), 0) = 0
         ORDER BY r.decided_at DESC LIMIT ?2`,
      )
      .bind(channel, limit)
      .all<DecisionRow>();
    return results.flatMap((row) => {
      const features = parseFeatures(row.features);
      return features ? [{ reviewId: row.id, decidedAt: row.decided_at, kind: row.kind, status: row.status, features }] : [];
    });
  }

  async questions(channel: string, limit: number): Promise<QuestionFeatures[]> {
    const { results } = await this.db
      .prepare(
        `SELECT features, decision, COALESCE(json_array_length(proposed_actions), 0) AS actions FROM drafts
         WHERE channel = ?1 AND features IS NOT NULL ORDER BY created_at DESC LIMIT ?2`,
      )
      .bind(channel, limit)
      .all<{ features: string; decision: string; actions: number }>();
    return results.flatMap((row) => {
      const features = parseFeatures(row.features);
      return features ? [{ features, sendable: row.decision !== 'handoff' && row.actions === 0 }] : [];
    });
  }

  async latestFit(channel: string): Promise<CalibrationFit | null> {
    const row = await this.db
      .prepare(`SELECT ${FIT_COLUMNS}, scored FROM calibration_fits WHERE channel = ? ORDER BY version DESC LIMIT 1`)
      .bind(channel)
      .first<FitRow>();
    if (!row) return null;
    const fit = fromRow(row);
    const scored = scoredSchema.safeParse(parseJson(row.scored ?? '[]'));
    return fit && scored.success ? { ...fit, scored: scored.data.map(([predicted, approved]) => ({ predicted, approved: approved === 1 })) } : null;
  }

  async fits(channel: string, limit: number): Promise<Omit<CalibrationFit, 'scored'>[]> {
    const { results } = await this.db
      .prepare(`SELECT ${FIT_COLUMNS} FROM calibration_fits WHERE channel = ? ORDER BY version DESC LIMIT ?`)
      .bind(channel, limit)
      .all<FitRow>();
    return results.flatMap((row) => fromRow(row) ?? []);
  }

  async saveFit(fit: CalibrationFit): Promise<boolean> {
    const result = await this.db
      .prepare(
        `INSERT OR IGNORE INTO calibration_fits (${FIT_COLUMNS}, scored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        fit.channel,
        fit.version,
        fit.fittedAt,
        JSON.stringify(fit.model),
        fit.decisions,
        fit.approved,
        fit.lastDecidedAt,
        fit.previousModel,
        JSON.stringify(fit.scored.map((decision) => [decision.predicted, decision.approved ? 1 : 0])),
      )
      .run();
    return result.meta.changes === 1;
  }

  async target(channel: string): Promise<CalibrationTarget | null> {
    const row = await this.db
      .prepare('SELECT channel, target, updated_at, updated_by FROM calibration_targets WHERE channel = ?')
      .bind(channel)
      .first<{ channel: string; target: number; updated_at: string; updated_by: string }>();
    return row ? { channel: row.channel, target: row.target, updatedAt: row.updated_at, updatedBy: row.updated_by } : null;
  }

  async setTarget(target: CalibrationTarget): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO calibration_targets (channel, target, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (channel) DO UPDATE SET target = ?2, updated_at = ?3, updated_by = ?4`,
      )
      .bind(target.channel, target.target, target.updatedAt, target.updatedBy)
      .run();
  }
}

function fromRow(row: FitRow): Omit<CalibrationFit, 'scored'> | null {
  const model = modelSchema.safeParse(parseJson(row.model));
  if (!model.success) return null;
  return {
    channel: row.channel,
    version: row.version,
    fittedAt: row.fitted_at,
    model: model.data satisfies CalibrationModel,
    decisions: row.decisions,
    approved: row.approved,
    lastDecidedAt: row.last_decided_at,
    previousModel: row.previous_model,
  };
}

/** A stored JSON column, or undefined when it is not JSON: a broken row reads as absent, it never fails an answer. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
