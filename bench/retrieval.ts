/**
 * npm run bench:retrieval -- --corpus DIR --questions FILE.jsonl [--k 10] [--audience internal] [--json]
 *   [--exclude RELATIVE_PATH]... [--misses]
 *
 * Ingests a corpus into a throw-away local Worker (wrangler dev, empty D1),
 * asks every question through GET /admin/search, and prints section-level
 * hit@k and MRR over the answerable questions, search latency, and how well
 * the top score separates answerable from unanswerable questions (AUROC);
 * beside it, a plain BM25 baseline (MiniSearch defaults) on the same chunks.
 */
import { readFile } from 'node:fs/promises';
import { prepareDocument } from '../src/domain/knowledge/prepare-document';
import type { Chunk, DocumentAudience } from '../src/domain/knowledge/types';
import { AdminClient } from '../scripts/lib/admin-client';
import { parseArgs, UsageError } from '../scripts/lib/args';
import { collectFiles } from '../scripts/lib/collect-files';
import { startLocalWorker } from '../scripts/lib/local-worker';
import { syncDocuments } from '../scripts/lib/sync-documents';
import { BaselineIndex } from './lib/baseline';
import { auroc, firstHitRank, percentile, rankFigures } from './lib/metrics';
import { loadQuestions } from './lib/questions';

/** Corpus bookkeeping files, not knowledge: left out unless --exclude says otherwise. */
const DEFAULT_EXCLUDE = ['README.md', 'LICENSE.md', 'SOURCE.md'];

const USAGE = `usage: npm run bench:retrieval -- --corpus DIR --questions FILE.jsonl [options]

Ingests DIR into a throw-away local Worker, asks every question through GET /admin/search and
prints section-level hit@1/3/5/10 and MRR, search latency, AUROC, and a MiniSearch baseline.

  --corpus DIR             the documents (required)
  --questions FILE.jsonl   {"id","question","kind","gold":[{"file","section"}]} per line (required)
  --k N                    passages per search, 1 to 50 (default 10)
  --audience A             internal or public: the documents' audience and the reader's (default internal)
  --exclude PATH           a relative path to leave out (repeatable; default README.md LICENSE.md SOURCE.md)
  --misses                 list the questions whose gold section was not found
  --json                   print the figures as JSON (progress goes to stderr)
  --help                   this text`;

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    corpus: { type: 'string' },
    questions: { type: 'string' },
    k: { type: 'number' },
    audience: { type: 'string' },
    json: { type: 'boolean' },
    exclude: { type: 'string', multiple: true },
    misses: { type: 'boolean' },
  }, USAGE);
  const corpus = options.corpus as string | undefined;
  const questionsFile = options.questions as string | undefined;
  if (!corpus || !questionsFile) throw new UsageError('--corpus DIR and --questions FILE.jsonl are required');
  const k = (options.k as number | undefined) ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new UsageError('--k must be an integer from 1 to 50');
  const audience = ((options.audience as string | undefined) ?? 'internal') as DocumentAudience;
  if (audience !== 'internal' && audience !== 'public') throw new UsageError('--audience must be internal or public');
  const exclude = (options.exclude as string[] | undefined) ?? DEFAULT_EXCLUDE;
  const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  const questions = await loadQuestions(questionsFile);
  const { files } = await collectFiles([corpus], exclude);
  if (files.length === 0) throw new UsageError(`no documents found in ${corpus}`);

  // The baseline indexes the very chunks the Worker indexes, prepared by the same code.
  const chunks: Chunk[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file.absolute));
    const prepared = await prepareDocument({ id: file.relative, audience, tags: [], format: file.format, bytes, url: null }, extractPdfInNode);
    chunks.push(...prepared.chunks);
  }
  const baseline = new BaselineIndex(chunks);

  const worker = await startLocalWorker();
  try {
    const client = new AdminClient(worker.origin, worker.adminToken);
    const ingestStarted = performance.now();
    const summary = await syncDocuments(client, files, { audience, idPrefix: '', baseUrl: null, tags: [], prune: false, concurrency: 4 });
    if (summary.failed.length > 0) throw new Error(`ingest failed for ${summary.failed.map((f) => `${f.id} (${f.message})`).join(', ')}`);
    say(`ingested ${files.length} documents, ${summary.chunks} chunks in ${((performance.now() - ingestStarted) / 1000).toFixed(1)} s`);

    // Warm-up: the first requests pay for module and SQLite page loading.
    for (const question of questions.slice(0, 5)) await client.search(question.question, audience, k);

    const ranks: (number | null)[] = [];
    const baselineRanks: (number | null)[] = [];
    const latencies: number[] = [];
    const serverLatencies: number[] = [];
    const topScores = { answerable: [] as number[], unanswerable: [] as number[] };
    let mode = 'lexical';
    for (const question of questions) {
      const started = performance.now();
      const result = await client.search(question.question, audience, k);
      latencies.push(performance.now() - started);
      serverLatencies.push(result.tookMs);
      mode = result.mode;
      if (question.kind === 'action') continue;
      topScores[question.kind].push(result.hits[0]?.score ?? 0);
      if (question.kind !== 'answerable') continue;
      const rank = firstHitRank(result.hits, question.gold);
      ranks.push(rank);
      if (options.misses && (rank === null || rank > 3)) {
        say(`miss ${question.id} (rank ${rank ?? '-'}): ${question.question}`);
        say(`   gold: ${question.gold.map((g) => `${g.file} # ${g.section}`).join(' | ')}`);
        for (const hit of result.hits.slice(0, 3)) say(`   got:  ${hit.documentId} # ${hit.headingPath.join(' > ')}`);
      }
      baselineRanks.push(firstHitRank(baseline.query(question.question, k), question.gold));
    }

    const ours = rankFigures(ranks);
    const base = rankFigures(baselineRanks);
    const report = {
      questions: questions.length,
      ...ours,
      p50_ms: round(percentile(latencies, 50)),
      p95_ms: round(percentile(latencies, 95)),
      auroc: auroc(topScores.answerable, topScores.unanswerable),
      baseline: { 'hit@1': base['hit@1'], 'hit@5': base['hit@5'], mrr: base.mrr },
    };
    say(`\n${questions.length} questions (${ranks.length} answerable, ${topScores.unanswerable.length} unanswerable), k=${k}, audience=${audience}, search mode=${mode}`);
    say('                 hit@1   hit@3   hit@5   hit@10  MRR');
    say(`countersign      ${fmt(ours['hit@1'])}   ${fmt(ours['hit@3'])}   ${fmt(ours['hit@5'])}   ${fmt(ours['hit@10'])}   ${fmt(ours.mrr)}`);
    say(`baseline BM25    ${fmt(base['hit@1'])}   ${fmt(base['hit@3'])}   ${fmt(base['hit@5'])}   ${fmt(base['hit@10'])}   ${fmt(base.mrr)}`);
    say(`search latency (HTTP round trip on loopback): p50 ${report.p50_ms} ms, p95 ${report.p95_ms} ms; in the Worker: p50 ${round(percentile(serverLatencies, 50))} ms, p95 ${round(percentile(serverLatencies, 95))} ms`);
    say(`answerable vs unanswerable by top score: AUROC ${report.auroc === null ? 'n/a' : fmt(report.auroc)}`);
    if (options.json) console.log(JSON.stringify(report));
  } finally {
    await worker.stop();
  }
}

async function extractPdfInNode(bytes: Uint8Array): Promise<string[]> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: false });
  return text;
}

function fmt(value: number): string {
  return value.toFixed(3);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: Error) => {
  console.error(`bench:retrieval: ${error.message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
