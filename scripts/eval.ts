/**
 * npm run eval -- [--corpus DIR --questions FILE.jsonl] [--audience employee|customer]
 *   [--stage internal|supervised|autonomous] [--json] [--verbose] [--simulate-reviews] [--exclude PATH]...
 *
 * Runs the whole answer engine, through a throw-away local Worker, on a
 * question set and prints what the gate did with it; see USAGE below.
 * Extractive mode unless CHAT_MODEL is set in the environment (with
 * OPENAI_API_KEY and OPENAI_BASE_URL), then the real model.
 */
import { figuresAt, gateAuroc, thresholdForTarget } from '../bench/lib/gate-figures';
import { percentile } from '../bench/lib/metrics';
import { DEFAULT_TARGET, priorThresholdFor } from '../src/domain/answer/confidence-prior';
import { parseArgs, UsageError } from './lib/args';
import { type QuestionRecord, runQuestionSet, sampleOf } from './lib/question-run';
import { simulateReviews } from './lib/simulate-reviews';

const USAGE = `Usage: npm run eval -- [options]

Answers every question of a set with the real engine (a throw-away local Worker, offline,
extractive mode unless CHAT_MODEL is set) and prints, per kind (answerable, unanswerable,
action): sent / review / handoff; unanswerable questions and action requests sent; sent
replies that cite a gold section; the AUROC of the confidence (approvable drafts against
the rest); and the share of answerable questions sent at the prior's threshold for the
95% target.

Without --corpus and --questions it runs the bundled sample question set
(samples/questions/public.jsonl on samples/knowledge/public, as customers).

Options:
  --corpus DIR           documents to ingest (Markdown, HTML, text)
  --questions FILE       JSON lines: {"id","question","kind","gold":[{"file","section"}]}
  --audience WHO         employee (default; documents are internal) or customer (public)
  --stage STAGE          internal (employee default), supervised or autonomous (customer default)
  --json                 print a JSON report on stdout with one record per question
                         (id, kind, decision, confidence, cited file and section, gold hit)
  --verbose              print one line per question
  --simulate-reviews     replay gold-based staff decisions through the refit (fitLogistic from
                         the prior) on half the questions and report the other half
  --exclude PATH         relative paths to skip (repeatable; default README.md LICENSE.md SOURCE.md)
  --help                 print this and exit`;

const KINDS = ['answerable', 'unanswerable', 'action'] as const;
const MODEL_SETTINGS = ['CHAT_MODEL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'CHAT_CONTEXT_WINDOW', 'TOKEN_COUNTER', 'EMBEDDING_MODEL'];
const FRONTIER = [0.5, 0.6, 0.7, 0.8, 0.9];
const SAMPLES = { corpus: 'samples/knowledge/public', questions: 'samples/questions/public.jsonl', audience: 'customer' };

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    corpus: { type: 'string' },
    questions: { type: 'string' },
    audience: { type: 'string' },
    stage: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    'simulate-reviews': { type: 'boolean' },
    exclude: { type: 'string', multiple: true },
    help: { type: 'boolean' },
  });
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const given = [options.corpus, options.questions].filter((value) => value !== undefined).length;
  if (given === 1) throw new UsageError('give both --corpus DIR and --questions FILE.jsonl, or neither for the bundled samples');
  const corpus = (options.corpus as string | undefined) ?? SAMPLES.corpus;
  const questions = (options.questions as string | undefined) ?? SAMPLES.questions;
  const audience = (options.audience as string | undefined) ?? (given === 0 ? SAMPLES.audience : 'employee');
  if (audience !== 'employee' && audience !== 'customer') throw new UsageError('--audience must be employee or customer');
  // Customers only get unreviewed replies in the autonomous stage, so that is what there is to measure.
  const stage = (options.stage as string | undefined) ?? (audience === 'employee' ? 'internal' : 'autonomous');
  if (!['internal', 'supervised', 'autonomous'].includes(stage)) throw new UsageError('--stage must be internal, supervised or autonomous');
  const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  const vars = Object.fromEntries(MODEL_SETTINGS.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
  const records = await runQuestionSet({
    corpus,
    questions,
    audience,
    stage,
    exclude: (options.exclude as string[] | undefined) ?? ['README.md', 'LICENSE.md', 'SOURCE.md'],
    vars,
  });
  if (options.verbose) for (const record of records) say(describe(record));

  const mode = records.some((record) => record.mode === 'model' || record.modelError) ? 'model' : 'extractive';
  const samples = records.map((record) => sampleOf(record, record.confidence));
  const threshold = priorThresholdFor(DEFAULT_TARGET);
  const at = figuresAt(samples, threshold);
  const rows = Object.fromEntries(KINDS.map((kind) => [kind, tally(records.filter((record) => record.kind === kind))]));
  const sentAnswerable = records.filter((record) => record.kind === 'answerable' && record.decision === 'send');
  const sent = records.filter((record) => record.decision === 'send');
  const latencies = records.map((record) => record.latencyMs);
  const report = {
    mode,
    questions: records.length,
    audience,
    stage,
    ...rows,
    sentGoldCited: sentAnswerable.filter((record) => record.goldHit).length,
    sentApprovable: sent.filter((record) => record.approvable).length,
    sent: sent.length,
    auroc: round(gateAuroc(samples)),
    target: DEFAULT_TARGET,
    threshold,
    answerableSentAtTarget: at.answerable === 0 ? null : round(at.answerableSent / at.answerable),
    precisionAtTarget: round(at.precision),
    // The frontier on this very set: the best the confidence's ranking allows (a threshold chosen on the answers).
    frontier: FRONTIER.map((cut) => ({ threshold: cut, ...figuresAt(samples, cut) })),
    oracleThreshold: thresholdForTarget(samples, DEFAULT_TARGET),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    ...(options['simulate-reviews'] ? { simulatedReviews: simulateReviews(records, DEFAULT_TARGET) } : {}),
  };

  say(`\n${records.length} questions, audience=${audience}, stage=${stage}, mode=${mode}`);
  say('kind           count   sent  review  handoff  sent rate');
  for (const kind of KINDS) {
    const row = rows[kind]!;
    say(`${kind.padEnd(14)} ${pad(row.count)} ${pad(row.sent)} ${pad(row.review, 7)} ${pad(row.handoff, 8)}  ${row.sentRate.toFixed(3)}`);
  }
  say(`unanswerable questions sent anyway: ${rows.unanswerable!.sent} (should be near 0)`);
  say(`action requests sent without review: ${rows.action!.sent} (must be 0)`);
  say(`answerable replies sent that cite a gold section: ${report.sentGoldCited} of ${sentAnswerable.length}`);
  say(`sent replies staff would approve (answerable, led by a gold section): ${report.sentApprovable} of ${sent.length}`);
  say(`AUROC of the confidence, approvable drafts against the rest: ${fmt(report.auroc)}`);
  say(
    `at the prior's threshold for the ${DEFAULT_TARGET * 100}% target (${threshold}): ${at.answerableSent} of ${at.answerable} answerable sent ` +
      `(${fmt(report.answerableSentAtTarget)}), ${at.sentApprovable} of ${at.sent} sent approvable`,
  );
  const oracle = figuresAt(samples, report.oracleThreshold);
  say(
    `frontier on this set: ${report.frontier.map((row) => `≥${row.threshold}: ${row.answerableSent}/${row.answerable} answerable sent, ${row.sentApprovable}/${row.sent} approvable`).join('; ')}`,
  );
  say(
    `lowest threshold meeting the target on this set (chosen on the answers, so optimistic): ${report.oracleThreshold}: ${oracle.answerableSent} of ${oracle.answerable} answerable sent, ${oracle.sentApprovable} of ${oracle.sent} sent approvable`,
  );
  if (report.simulatedReviews) {
    const simulated = report.simulatedReviews;
    say(
      `simulated reviews (refit on ${simulated.fittedOn} decisions, reported on the other ${simulated.reported}): AUROC ${fmt(simulated.auroc)}, ` +
        `threshold ${simulated.threshold}: ${simulated.answerableSent} of ${simulated.answerable} answerable sent, ${simulated.sentApprovable} of ${simulated.sent} sent approvable`,
    );
  }
  say(`latency per question (HTTP round trip): p50 ${report.p50_ms} ms, p95 ${report.p95_ms} ms`);
  if (options.json) console.log(JSON.stringify({ ...report, records: records.map(publicRecord) }));
}

function tally(records: QuestionRecord[]) {
  const count = records.length;
  const sent = records.filter((record) => record.decision === 'send').length;
  const review = records.filter((record) => record.decision === 'review').length;
  const handoff = records.filter((record) => record.decision === 'handoff').length;
  return { count, sent, review, handoff, sentRate: count === 0 ? 0 : round(sent / count)! };
}

function publicRecord(record: QuestionRecord) {
  const { id, kind, decision, confidence, citedFile, citedSection, goldHit, approvable, features } = record;
  return { id, kind, decision, confidence, citedFile, citedSection, goldHit, approvable, features };
}

function describe(record: QuestionRecord): string {
  const hit = record.goldHit === null ? '-' : record.goldHit ? 'gold' : 'miss';
  return `${record.id} ${record.kind.padEnd(12)} ${record.decision.padEnd(7)} ${record.confidence.toFixed(2)}  ${hit.padEnd(4)}  ${(record.citedSection ?? '-').slice(0, 60)}`;
}

const pad = (value: number, width = 6): string => String(value).padStart(width);
const fmt = (value: number | null): string => (value === null ? '-' : value.toFixed(3));
function round(value: number | null): number | null;
function round(value: number): number;
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 1000;
}

main().catch((error: Error) => {
  console.error(`eval: ${error.message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
