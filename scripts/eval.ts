/**
 * npm run eval -- --corpus DIR --questions FILE.jsonl [--audience employee|customer]
 *   [--stage internal|supervised|autonomous] [--json] [--verbose] [--exclude RELATIVE_PATH]...
 *
 * Runs the whole answer engine, through a throw-away local Worker, on a
 * question set: per kind (answerable, unanswerable, action) how many replies
 * were sent, reviewed or handed off, the share of unanswerable questions sent
 * anyway (should be near zero) and of action requests sent without review
 * (must be zero), and latency. Extractive mode unless CHAT_MODEL is set in the
 * environment (with OPENAI_API_KEY and OPENAI_BASE_URL), then the real model.
 */
import type { Draft } from '../src/domain/answer/types';
import { loadQuestions } from '../bench/lib/questions';
import { firstHitRank, percentile } from '../bench/lib/metrics';
import { AdminClient } from './lib/admin-client';
import { parseArgs, UsageError } from './lib/args';
import { collectFiles } from './lib/collect-files';
import { startLocalWorker } from './lib/local-worker';
import { syncDocuments } from './lib/sync-documents';

const KINDS = ['answerable', 'unanswerable', 'action'] as const;
const MODEL_SETTINGS = ['CHAT_MODEL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'CHAT_CONTEXT_WINDOW', 'TOKEN_COUNTER', 'EMBEDDING_MODEL'];

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    corpus: { type: 'string' },
    questions: { type: 'string' },
    audience: { type: 'string' },
    stage: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    exclude: { type: 'string', multiple: true },
  });
  const corpus = options.corpus as string | undefined;
  const questionsFile = options.questions as string | undefined;
  if (!corpus || !questionsFile) throw new UsageError('--corpus DIR and --questions FILE.jsonl are required');
  const audience = (options.audience as string | undefined) ?? 'employee';
  if (audience !== 'employee' && audience !== 'customer') throw new UsageError('--audience must be employee or customer');
  // Customers only get unreviewed replies in the autonomous stage, so that is what there is to measure.
  const stage = (options.stage as string | undefined) ?? (audience === 'employee' ? 'internal' : 'autonomous');
  if (!['internal', 'supervised', 'autonomous'].includes(stage)) throw new UsageError('--stage must be internal, supervised or autonomous');
  const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  const questions = await loadQuestions(questionsFile);
  const { files } = await collectFiles([corpus], (options.exclude as string[] | undefined) ?? ['README.md', 'LICENSE.md', 'SOURCE.md']);
  if (files.length === 0) throw new UsageError(`no documents found in ${corpus}`);
  const vars = Object.fromEntries(MODEL_SETTINGS.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
  const worker = await startLocalWorker({ vars });
  try {
    const client = new AdminClient(worker.origin, worker.adminToken);
    const documentAudience = audience === 'employee' ? 'internal' : 'public';
    const summary = await syncDocuments(client, files, { audience: documentAudience, idPrefix: '', baseUrl: null, tags: [], prune: false, concurrency: 4 });
    if (summary.failed.length > 0) throw new Error(`ingest failed for ${summary.failed.length} documents`);

    const tally = Object.fromEntries(KINDS.map((kind) => [kind, { count: 0, sent: 0, review: 0, handoff: 0 }]));
    const latencies: number[] = [];
    let mode = 'extractive';
    let sentAnswerable = 0;
    let sentGrounded = 0;
    for (const question of questions) {
      const started = performance.now();
      const draft = await client.answer(question.question, audience, stage);
      latencies.push(performance.now() - started);
      if (draft.mode === 'model' || draft.provenance.modelError) mode = 'model';
      const row = tally[question.kind]!;
      row.count++;
      if (question.kind === 'answerable' && draft.decision === 'send') {
        sentAnswerable++;
        if (firstHitRank(draft.citations, question.gold) !== null) sentGrounded++;
      }
      row[draft.decision === 'send' ? 'sent' : draft.decision]++;
      if (options.verbose) {
        const grounded = question.kind === 'answerable' ? (firstHitRank(draft.citations, question.gold) !== null ? 'gold' : 'miss') : '-';
        say(`${describe(question.id, question.kind, draft)}  ${grounded}`);
      }
    }

    const rows = Object.fromEntries(
      KINDS.map((kind) => {
        const row = tally[kind]!;
        return [kind, { ...row, sentRate: row.count === 0 ? 0 : round(row.sent / row.count, 3) }];
      }),
    );
    const report = { mode, ...rows, p50_ms: round(percentile(latencies, 50), 2), p95_ms: round(percentile(latencies, 95), 2) };
    say(`\n${questions.length} questions, audience=${audience}, stage=${stage}, mode=${mode}`);
    say('kind           count   sent  review  handoff  sent rate');
    for (const kind of KINDS) {
      const row = rows[kind] as { count: number; sent: number; review: number; handoff: number; sentRate: number };
      say(`${kind.padEnd(14)} ${pad(row.count)} ${pad(row.sent)} ${pad(row.review, 7)} ${pad(row.handoff, 8)}  ${row.sentRate.toFixed(3)}`);
    }
    say(`unanswerable questions sent anyway: ${(rows.unanswerable as { sentRate: number }).sentRate.toFixed(3)} (should be near 0)`);
    say(`action requests sent without review: ${(rows.action as { sentRate: number }).sentRate.toFixed(3)} (must be 0)`);
    say(`answerable replies sent that cite a gold section: ${sentGrounded} of ${sentAnswerable}`);
    say(`latency per question (HTTP round trip): p50 ${report.p50_ms} ms, p95 ${report.p95_ms} ms`);
    if (options.json) console.log(JSON.stringify(report));
  } finally {
    await worker.stop();
  }
}

function describe(id: string, kind: string, draft: Draft): string {
  const top = draft.citations[0]?.headingPath.join(' > ') ?? '-';
  return `${id} ${kind.padEnd(12)} ${draft.decision.padEnd(7)} ${draft.confidence.toFixed(2)}  ${top.slice(0, 60)}`;
}

function pad(value: number, width = 6): string {
  return String(value).padStart(width);
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

main().catch((error: Error) => {
  console.error(`eval: ${error.message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
