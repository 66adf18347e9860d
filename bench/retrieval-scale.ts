/**
 * npm run bench:retrieval:scale [-- --sizes 1000,10000,50000 --queries 300]
 *
 * Grows a synthetic knowledge base in a throw-away local Worker (wrangler dev,
 * empty D1) through the admin API and, at each size, prints ingest throughput
 * (chunks/s, end to end: HTTP, parsing, chunking, D1 writes and FTS5
 * indexing) and search latency p50/p95 for GET /admin/search as a customer
 * (the audience filter on, half of the chunks internal).
 */
import { AdminClient } from '../scripts/lib/admin-client';
import { parseArgs, UsageError } from '../scripts/lib/args';
import { startLocalWorker } from '../scripts/lib/local-worker';
import { percentile } from './lib/metrics';
import { SyntheticCorpus, seededRandom } from './lib/synthetic-corpus';

const SECTIONS_PER_DOCUMENT = 10;

const USAGE = `usage: npm run bench:retrieval:scale -- [--sizes 1000,10000,50000] [--queries 300] [--json]

Grows a synthetic knowledge base in a throw-away local Worker and prints, at each size, ingest
throughput (chunks/s) and search latency p50/p95 as a customer (half the chunks internal).

  --sizes LIST   increasing chunk counts, comma-separated (default 1000,10000,50000)
  --queries N    searches per size (default 300)
  --json         print the figures as JSON
  --help         this text`;

async function main() {
  const { options } = parseArgs(process.argv.slice(2), { sizes: { type: 'string' }, queries: { type: 'number' }, json: { type: 'boolean' } }, USAGE);
  const sizes = ((options.sizes as string | undefined) ?? '1000,10000,50000').split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < SECTIONS_PER_DOCUMENT) || sizes.some((size, i) => i > 0 && size <= sizes[i - 1]!)) {
    throw new UsageError('--sizes must be increasing integers of at least 10 chunks');
  }
  const queryCount = (options.queries as number | undefined) ?? 300;
  const corpus = new SyntheticCorpus(seededRandom(42));
  const worker = await startLocalWorker();
  const client = new AdminClient(worker.origin, worker.adminToken);
  const rows: { chunks: number; chunksPerSecond: number; p50_ms: number; p95_ms: number; worker_p50_ms: number; worker_p95_ms: number }[] = [];
  try {
    let documents = 0;
    let chunks = 0;
    for (const size of sizes) {
      const target = Math.ceil(size / SECTIONS_PER_DOCUMENT);
      const started = performance.now();
      let added = 0;
      const next = () => (documents < target ? documents++ : null);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let index = next(); index !== null; index = next()) {
            const result = await client.putDocument({
              id: `synthetic/${index}.md`,
              audience: index % 2 === 0 ? 'internal' : 'public',
              tags: [],
              format: 'markdown',
              contentBase64: Buffer.from(corpus.document(index, SECTIONS_PER_DOCUMENT)).toString('base64'),
            });
            added += result.document.chunkCount;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      chunks += added;

      const latencies: number[] = [];
      const inWorker: number[] = [];
      for (let query = 0; query < queryCount + 10; query++) {
        const text = corpus.words(3 + (query % 4));
        const begun = performance.now();
        const result = await client.search(text, 'public', 10);
        // The first ten are warm-up.
        if (query >= 10) {
          latencies.push(performance.now() - begun);
          inWorker.push(result.tookMs);
        }
      }
      const row = {
        chunks,
        chunksPerSecond: Math.round(added / seconds),
        p50_ms: round(percentile(latencies, 50)),
        p95_ms: round(percentile(latencies, 95)),
        worker_p50_ms: round(percentile(inWorker, 50)),
        worker_p95_ms: round(percentile(inWorker, 95)),
      };
      rows.push(row);
      console.log(
        `${String(chunks).padStart(6)} chunks: ingest ${row.chunksPerSecond} chunks/s; search p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms ` +
          `(HTTP round trip; in the Worker p50 ${row.worker_p50_ms} ms, p95 ${row.worker_p95_ms} ms)`,
      );
    }
    if (options.json) console.log(JSON.stringify(rows));
  } finally {
    await worker.stop();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: Error) => {
  console.error(`bench:retrieval:scale: ${error.message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
