/**
 * npm run bench:engine [-- --questions 300 --chunks 10000]
 *
 * The answer engine's own overhead per question, everything but the model:
 * retrieval, verified-answer lookup, prompt building with exact token
 * counting, the agent loop, reply parsing, confidence and policy. The model
 * is an in-process fake that answers instantly; the index is a local D1
 * (wrangler's SQLite, reached from Node through wrangler's platform proxy)
 * filled with synthetic chunks. CPU time is this process's CPU (user +
 * system) per question; "storage calls" is the part spent inside D1 calls,
 * which in this set-up includes the Node↔workerd proxy's serialisation and
 * which a deployed Worker does not pay as CPU (it waits on I/O).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { TiktokenCounter } from '../src/adapters/openai/tiktoken-counter';
import { AnswerEngine } from '../src/domain/answer/answer-engine';
import type { ChatModel, ChatRequest, ChatResponse } from '../src/domain/answer/chat-model';
import { DEFAULT_ENGINE_CONFIG } from '../src/domain/answer/engine-config';
import { KnowledgeBase } from '../src/domain/knowledge/knowledge-base';
import { searchKnowledge } from '../src/domain/knowledge/search-knowledge';
import { builtinTools } from '../src/domain/tools/builtin';
import { wiringFor } from '../src/wiring/wiring';
import { parseArgs, UsageError } from '../scripts/lib/args';
import { percentile } from './lib/metrics';
import { SyntheticCorpus, seededRandom } from './lib/synthetic-corpus';

/** Answers at once, citing the first passage, as a well-behaved model would. */
class InstantModel implements ChatModel {
  readonly model = 'instant-fake';
  readonly contextWindow = 128_000;
  calls = 0;
  async complete(request: ChatRequest): Promise<ChatResponse> {
    this.calls++;
    const hasPassage = request.messages.at(-1)?.content.includes('<passage id="P1"') ?? false;
    const content = JSON.stringify({ answer: 'Here is the answer [P1].', citations: hasPassage ? ['P1'] : [], assessment: hasPassage ? 'answered' : 'not_found' });
    return { model: this.model, content, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 0, outputTokens: 0 }, logprobs: null };
  }
}

const USAGE = `usage: npm run bench:engine -- [--questions 300] [--chunks 10000]

The answer engine's own overhead per question (everything but the model), with an instant fake
model over a local D1 of synthetic chunks: CPU per question p50/p99, with and without storage calls.

  --questions N   questions to run, at least 10 (default 300)
  --chunks N      synthetic chunks to index, at least 100 (default 10000)
  --help          this text`;

async function main() {
  const { options } = parseArgs(process.argv.slice(2), { questions: { type: 'number' }, chunks: { type: 'number' } }, USAGE);
  const questionCount = (options.questions as number | undefined) ?? 300;
  const chunkTarget = (options.chunks as number | undefined) ?? 10_000;
  if (!Number.isInteger(questionCount) || questionCount < 10) throw new UsageError('--questions must be an integer of at least 10');
  if (!Number.isInteger(chunkTarget) || chunkTarget < 100) throw new UsageError('--chunks must be an integer of at least 100');

  const persist = await mkdtemp(path.join(tmpdir(), 'countersign-engine-bench-'));
  execFileSync('node_modules/.bin/wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], {
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: { path: path.join(persist, 'v3') } });
  try {
    // The Worker's own repositories; only the model (instant) and the counter (exact) differ.
    const wiring = wiringFor(proxy.env);
    const store = wiring.documents;
    const knowledge = new KnowledgeBase({ store, extractPdf: async () => [], embedder: null, externalVectors: null });
    const corpus = new SyntheticCorpus(seededRandom(7));
    let chunks = 0;
    for (let index = 0; chunks < chunkTarget; index++) {
      const { document } = await knowledge.put({
        id: `synthetic/${index}.md`,
        audience: index % 2 === 0 ? 'internal' : 'public',
        format: 'markdown',
        tags: [],
        bytes: new TextEncoder().encode(corpus.document(index)),
      });
      chunks += document.chunkCount;
    }

    let storageCpu = 0;
    const timed = <T>(call: () => Promise<T>) => async () => {
      const before = process.cpuUsage();
      try {
        return await call();
      } finally {
        const used = process.cpuUsage(before);
        storageCpu += (used.user + used.system) / 1000;
      }
    };
    const search = { store, lexical: wiring.lexical, semantic: null, embedder: null };
    const verified = wiring.verified;
    const model = new InstantModel();
    const engine = new AnswerEngine({
      search: (text, reader, k) => timed(() => searchKnowledge(search, { text, audience: reader, k }))(),
      model,
      counter: await TiktokenCounter.load(),
      tools: builtinTools({ timeZone: 'Europe/Lisbon', searchPassages: async () => [], ticketSink: wiring.tickets }),
      verified: { reusable: (scope, limit) => timed(() => verified.reusable(scope, limit))(), save: (answer) => verified.save(answer), recordUse: (id, at) => verified.recordUse(id, at) },
      existingChunks: (ids) => timed(async () => new Set((await store.getChunks(ids)).keys()))(),
      config: DEFAULT_ENGINE_CONFIG,
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
    });

    const wall: number[] = [];
    const cpu: number[] = [];
    const cpuWithoutStorage: number[] = [];
    for (let index = 0; index < questionCount + 20; index++) {
      const question = `how does ${corpus.words(2 + (index % 4))} work?`;
      storageCpu = 0;
      const started = performance.now();
      const before = process.cpuUsage();
      await engine.answer({ text: question, audience: index % 2 === 0 ? 'employee' : 'customer', history: [], stage: 'autonomous', channelKind: index % 2 === 0 ? 'slack' : 'web' });
      const used = process.cpuUsage(before);
      // The first 20 warm up the JIT and SQLite's page cache.
      if (index < 20) continue;
      wall.push(performance.now() - started);
      const total = (used.user + used.system) / 1000;
      cpu.push(total);
      cpuWithoutStorage.push(Math.max(0, total - storageCpu));
    }
    const figure = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;
    console.log(`${chunks} chunks, ${questionCount} questions, instant fake model (${model.calls} calls)`);
    console.log(`wall per question:                      ${figure(wall)}`);
    console.log(`CPU per question, all:                  ${figure(cpu)}`);
    console.log(`CPU per question, without storage calls: ${figure(cpuWithoutStorage)}`);
  } finally {
    await proxy.dispose();
    await rm(persist, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench:engine: ${error.message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
