import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TiktokenCounter } from '../src/adapters/openai/tiktoken-counter';
import { buildTrainingFiles, defaultEpochs, estimateCost, FINE_TUNING_PRICES, parseHandwritten, toJsonl } from '../src/domain/finetune';
import type { ReviewedItem, SystemPrompts } from '../src/domain/finetune/types';
import type { ValidationReport } from '../src/domain/finetune/validate';
import { connectAdmin } from './lib/admin-client';
import { parseArgs, UsageError } from './lib/args';

/** Tokens per training example allowed by OpenAI's current fine-tunable models. */
const MAX_TOKENS_PER_EXAMPLE = 65_536;

export interface ExportIo {
  stdout(line: string): void;
  /** The reviewed replies and system prompts; by default from the Worker's admin API. */
  fetchItems?(query: { since?: string; audience?: 'employee' | 'customer'; channel?: 'slack' | 'web' }): Promise<{ systemPrompts: SystemPrompts; items: ReviewedItem[] }>;
}

/**
 * `npm run finetune -- export [--url WORKER] [--since DATE] [--channel slack|web] [--audience employee|customer]
 *   [--method supervised|dpo] [--out FILE] [--handwritten FILE]... [--seed S] [--base MODEL]`
 *
 * Reviewed replies (approved and edited; rejected-with-reply too for DPO) plus
 * handwritten examples → scrubbed, deduplicated, split, validated JSONL files.
 * Nothing is written when validation fails (for example, fewer than 10 examples).
 */
export async function runExport(argv: string[], io: ExportIo): Promise<number> {
  const { options } = parseArgs(argv, {
    url: { type: 'string' },
    since: { type: 'string' },
    audience: { type: 'string' },
    channel: { type: 'string' },
    method: { type: 'string' },
    out: { type: 'string' },
    handwritten: { type: 'string', multiple: true },
    seed: { type: 'string' },
    base: { type: 'string' },
  });
  const method = (options.method as string | undefined) ?? 'supervised';
  if (method !== 'supervised' && method !== 'dpo') throw new UsageError('--method must be supervised or dpo');
  const audience = options.audience as string | undefined;
  if (audience !== undefined && audience !== 'employee' && audience !== 'customer') throw new UsageError('--audience must be employee or customer');
  const channel = options.channel as string | undefined;
  if (channel !== undefined && channel !== 'slack' && channel !== 'web') throw new UsageError('--channel must be slack or web');
  const since = options.since as string | undefined;
  if (since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new UsageError('--since must be a date such as 2026-11-01');
  const base = (options.base as string | undefined) ?? 'gpt-4o-mini-2024-07-18';
  const out = (options.out as string | undefined) ?? (method === 'dpo' ? 'finetune/dpo.jsonl' : 'finetune/train.jsonl');
  if (!out.endsWith('.jsonl')) throw new UsageError('--out must name a .jsonl file');

  const fetchItems = io.fetchItems ?? (await workerItems((options.url as string | undefined) ?? 'http://127.0.0.1:8787'));
  const { systemPrompts, items } = await fetchItems({ ...(since ? { since } : {}), ...(audience ? { audience } : {}), ...(channel ? { channel } : {}) });
  const handwritten: ReviewedItem[] = [];
  for (const file of (options.handwritten as string[] | undefined) ?? []) {
    const format = file.endsWith('.csv') ? 'csv' : file.endsWith('.jsonl') ? 'jsonl' : null;
    if (!format) throw new UsageError(`--handwritten ${file}: use a .jsonl or .csv file`);
    handwritten.push(...parseHandwritten(await readFile(file, 'utf8'), format));
  }

  const files = buildTrainingFiles([...items, ...handwritten], {
    systemPrompts,
    counter: await TiktokenCounter.load(),
    maxTokensPerExample: MAX_TOKENS_PER_EXAMPLE,
    seed: (options.seed as string | undefined) ?? 'countersign',
  });
  const chosen = method === 'dpo' ? files.preference : files.chat;
  const reports = method === 'dpo' ? files.report.preference : files.report.chat;
  const { report } = files;
  io.stdout(`${report.items} reviewed replies and ${handwritten.length} handwritten examples; ${report.skipped} empty skipped, ${report.dropped} duplicates dropped`);
  const scrubbed = Object.entries(report.scrubbed).filter(([, count]) => count > 0);
  io.stdout(`personal data scrubbed: ${scrubbed.length === 0 ? 'none found' : scrubbed.map(([kind, count]) => `${count} ${kind}`).join(', ')}`);
  describe(io, 'training', reports.training);
  describe(io, 'validation', reports.validation);
  const errors = [...reports.training.errors, ...reports.validation.errors];
  if (errors.length > 0) {
    io.stdout(`not written: ${errors.length} validation error(s), fix them first`);
    return 1;
  }
  const price = FINE_TUNING_PRICES[base];
  const epochs = defaultEpochs(reports.training.stats.examples);
  if (price) {
    const cost = estimateCost({ trainingTokens: reports.training.stats.totalTokens, epochs, pricePerMillionTokens: price.trainingPerMillionTokens });
    io.stdout(`estimated training cost on ${base}: $${cost.toFixed(2)} (${epochs} epochs; check OpenAI's current prices)`);
  } else {
    io.stdout(`no price known for ${base}: cost not estimated`);
  }
  const validationPath = out.replace(/\.jsonl$/, '.validation.jsonl');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, chosen.training);
  await writeFile(validationPath, chosen.validation);
  if (method === 'supervised') await writeFile(validationPath.replace(/\.jsonl$/, '.meta.jsonl'), toJsonl(files.validationItems));
  io.stdout(`wrote ${out} and ${validationPath}`);
  io.stdout(`next: npm run finetune -- start --base ${base} --training ${out} --validation ${validationPath}${method === 'dpo' ? ' --method dpo' : ''}`);
  return 0;
}

function describe(io: ExportIo, name: string, report: ValidationReport): void {
  const { examples, totalTokens, maxTokens } = report.stats;
  io.stdout(`${name}: ${examples} examples, ${totalTokens} tokens (largest ${maxTokens})`);
  for (const warning of report.warnings) io.stdout(`  warning: ${warning}`);
  for (const error of report.errors.slice(0, 20)) io.stdout(`  error${error.index >= 0 ? ` in example ${error.index + 1}` : ''}: ${error.message}`);
}

async function workerItems(url: string): Promise<NonNullable<ExportIo['fetchItems']>> {
  const client = await connectAdmin(url);
  return async (query) => (await client.trainingItems(query)) as { systemPrompts: SystemPrompts; items: ReviewedItem[] };
}
