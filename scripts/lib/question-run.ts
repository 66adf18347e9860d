import type { GateSample } from '../../bench/lib/gate-figures';
import type { FeatureVector } from '../../src/domain/calibration/logistic';
import type { Draft } from '../../src/domain/answer/types';
import { type BenchQuestion, loadQuestions } from '../../bench/lib/questions';
import { firstHitRank } from '../../bench/lib/metrics';
import { AdminClient } from './admin-client';
import { UsageError } from './args';
import { collectFiles } from './collect-files';
import { startLocalWorker } from './local-worker';
import { syncDocuments } from './sync-documents';

/** One question's outcome, as `npm run eval -- --json` prints it and `npm run calibrate` fits on. */
export interface QuestionRecord {
  id: string;
  kind: BenchQuestion['kind'];
  decision: Draft['decision'];
  confidence: number;
  features: FeatureVector;
  citedFile: string | null;
  citedSection: string | null;
  /** Whether any cited passage is a gold section (answerable questions; null otherwise). */
  goldHit: boolean | null;
  /**
   * What staff would do with the draft as it is: approve it when the question
   * is answerable and the reply leads with a gold section; anything else
   * (a wrong section, an unanswerable question, an action request) they
   * would not send unreviewed.
   */
  approvable: boolean;
  mode: Draft['mode'];
  modelError: string | null;
  latencyMs: number;
}

export interface QuestionSetOptions {
  corpus: string;
  questions: string;
  audience: 'employee' | 'customer';
  stage: string;
  exclude: string[];
  /** Worker vars (a chat model for model-mode evaluation). */
  vars: Record<string, string>;
}

/**
 * Runs a question set through the whole engine in a throw-away local Worker
 * (empty D1, the corpus ingested for the audience), one question at a time.
 */
export async function runQuestionSet(options: QuestionSetOptions): Promise<QuestionRecord[]> {
  const questions = await loadQuestions(options.questions);
  const { files } = await collectFiles([options.corpus], options.exclude);
  if (files.length === 0) throw new UsageError(`no documents found in ${options.corpus}`);
  const worker = await startLocalWorker({ vars: options.vars });
  try {
    const client = new AdminClient(worker.origin, worker.adminToken);
    const audience = options.audience === 'employee' ? 'internal' : 'public';
    const summary = await syncDocuments(client, files, { audience, idPrefix: '', baseUrl: null, tags: [], prune: false, concurrency: 4 });
    if (summary.failed.length > 0) throw new Error(`ingest failed for ${summary.failed.length} documents`);
    const records: QuestionRecord[] = [];
    for (const question of questions) {
      const started = performance.now();
      const draft = await client.answer(question.question, options.audience, options.stage);
      records.push(recordOf(question, draft, performance.now() - started));
    }
    return records;
  } finally {
    await worker.stop();
  }
}

export function recordOf(question: BenchQuestion, draft: Draft, latencyMs: number): QuestionRecord {
  const lead = draft.citations[0];
  const goldHit = question.kind === 'answerable' ? firstHitRank(draft.citations, question.gold) !== null : null;
  return {
    id: question.id,
    kind: question.kind,
    decision: draft.decision,
    confidence: draft.confidence,
    features: draft.features ?? {},
    citedFile: lead?.documentId ?? null,
    citedSection: lead ? lead.headingPath.join(' > ') : null,
    goldHit,
    approvable: question.kind === 'answerable' && lead !== undefined && firstHitRank([lead], question.gold) === 1,
    mode: draft.mode,
    modelError: draft.provenance.modelError,
    latencyMs,
  };
}

/** A record as the gate figures read it, scored by `score` (the draft's own confidence, or a refit's). */
export function sampleOf(record: QuestionRecord, score: number): GateSample {
  return { kind: record.kind, approvable: record.approvable, score, neverSent: record.kind === 'action' || record.decision === 'handoff' };
}
