import { readFile, writeFile } from 'node:fs/promises';
import { OpenAIChatModel } from '../src/adapters/openai/openai-chat-model';
import type { ChatModel } from '../src/domain/answer/chat-model';
import { DEFAULT_ENGINE_CONFIG } from '../src/domain/answer/engine-config';
import { parseReply, RESPONSE_SCHEMA } from '../src/domain/answer/prompt';
import { type EvalItem, evalItemFromExample, type ItemResult, type ModelFigures, scoreReply, summarise } from '../src/domain/evaluation/model-eval';
import { parseArgs, UsageError } from './lib/args';

/**
 * `npm run finetune -- eval --candidate <model> [--baseline <model>] [--validation FILE] [--limit N] [--save FILE]`
 *
 * Replays the validation split (written by `export`) through each model with
 * the engine's prompt, structured output and reply parser, and scores the
 * drafts against what staff approved. It replays the recorded context rather
 * than retrieving again, so both models see exactly what staff saw. It never
 * changes CHAT_MODEL: promotion is a decision for a person.
 */
export async function runEval(argv: string[], io: { stdout: (line: string) => void; model?: (id: string) => ChatModel }): Promise<number> {
  const { options } = parseArgs(argv, {
    candidate: { type: 'string' },
    baseline: { type: 'string' },
    validation: { type: 'string' },
    limit: { type: 'number' },
    json: { type: 'boolean' },
    save: { type: 'string' },
  });
  const candidate = options.candidate as string | undefined;
  if (!candidate) throw new UsageError('--candidate <model> is required');
  const baseline = options.baseline as string | undefined;
  const validationPath = (options.validation as string | undefined) ?? 'finetune/train.validation.jsonl';
  const limit = (options.limit as number | undefined) ?? 200;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
  const items = (await readValidation(validationPath)).slice(0, limit);
  if (items.length === 0) throw new UsageError(`no evaluation items in ${validationPath}`);

  const makeModel = io.model ?? defaultModel;
  const figures: Record<string, ModelFigures> = {};
  for (const modelId of [candidate, ...(baseline ? [baseline] : [])]) {
    const model = makeModel(modelId);
    const results: ItemResult[] = [];
    for (const item of items) results.push(await draftAndScore(model, item));
    figures[modelId] = summarise(results);
  }
  const format = (value: number | null, digits = 3) => (value === null ? 'n/a' : value.toFixed(digits));
  const columns = Object.keys(figures);
  io.stdout(`${items.length} validation items from ${validationPath}`);
  io.stdout(`${'measure'.padEnd(34)}${columns.map((column) => column.padStart(28)).join('')}`);
  const rows: [string, (figures: ModelFigures) => string][] = [
    ['similarity to approved (ROUGE-L F1)', (f) => format(f.meanSimilarity)],
    ['policy agrees with staff', (f) => format(f.policyAgreement)],
    ['citation validity', (f) => format(f.citationValidity)],
    ['refusal rate, unanswerable items', (f) => format(f.refusalRateOnUnanswerable)],
    ['input tokens', (f) => String(f.inputTokens)],
    ['output tokens', (f) => String(f.outputTokens)],
    ['latency p50 (ms)', (f) => String(Math.round(f.p50LatencyMs))],
  ];
  for (const [label, value] of rows) io.stdout(`${label.padEnd(34)}${columns.map((column) => value(figures[column]!).padStart(28)).join('')}`);
  const save = options.save as string | undefined;
  if (save) {
    await writeFile(save, `${JSON.stringify({ candidate, baseline: baseline ?? null, validation: validationPath, items: items.length, at: new Date().toISOString(), figures }, null, 2)}\n`);
    io.stdout(`figures saved to ${save}`);
  }
  io.stdout(`Nothing was promoted. To promote: npm run finetune -- promote --model ${candidate} --by <you> --figures ${save ?? '<file from --save>'}`);
  if (options.json) io.stdout(JSON.stringify(figures));
  return 0;
}

async function draftAndScore(model: ChatModel, item: EvalItem & { system: string; prompt: string }): Promise<ItemResult> {
  const started = Date.now();
  const response = await model.complete({
    messages: [
      // The system prompt and fenced user message exactly as recorded in the example.
      { role: 'system', content: item.system },
      { role: 'user', content: item.prompt },
    ],
    responseSchema: RESPONSE_SCHEMA,
    maxOutputTokens: DEFAULT_ENGINE_CONFIG.maxOutputTokens,
    logprobs: true,
  });
  const reply = parseReply(response.content) ?? { answer: '', citations: [], assessment: null, structured: false };
  return scoreReply(
    item,
    reply,
    { inputTokens: response.usage.inputTokens, outputTokens: response.usage.outputTokens, latencyMs: Date.now() - started, logprobs: response.logprobs },
    DEFAULT_ENGINE_CONFIG.sendThreshold[item.audience],
  );
}

async function readValidation(path: string): Promise<(EvalItem & { system: string; prompt: string })[]> {
  const [examples, metas] = await Promise.all([readJsonLines(path), readJsonLines(path.replace(/\.jsonl$/, '.meta.jsonl'))]);
  if (examples.length !== metas.length) throw new UsageError(`${path} and its .meta.jsonl have different lengths; export them again`);
  return examples.flatMap((example, index) => {
    const messages = (example as { messages: { role: string; content: string }[] }).messages ?? [];
    const item = evalItemFromExample({ messages }, metas[index] as Parameters<typeof evalItemFromExample>[1]);
    const system = messages.find((message) => message.role === 'system')?.content ?? '';
    const prompt = messages.find((message) => message.role === 'user')?.content ?? '';
    return item ? [{ ...item, system, prompt }] : [];
  });
}

async function readJsonLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read ${path}: run \`npm run finetune -- export\` first`);
  });
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new UsageError(`${path}:${index + 1}: not valid JSON`);
      }
    });
}

function defaultModel(id: string): ChatModel {
  const apiKey = process.env.OPENAI_API_KEY;
  if (!apiKey) throw new UsageError('set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)');
  return new OpenAIChatModel({ apiKey, baseURL: process.env.OPENAI_BASE_URL || 'https://api.openai.com/v1', model: id });
}
