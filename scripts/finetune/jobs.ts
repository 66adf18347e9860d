/**
 * Fine-tuning jobs through OpenAI's API (the `openai` SDK): upload the
 * training and validation files (purpose `fine-tune`), create the job with a
 * `method` (supervised, or dpo for preference pairs), follow its status and
 * events until it ends. Every API failure becomes a FineTuneError with a plain
 * message that never contains the API key.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import OpenAI, { toFile } from 'openai';
import type { FileObject } from 'openai/resources/files';
import type { FineTuningJob, FineTuningJobEvent, JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';

export type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';

export type FineTuneMethod = 'supervised' | 'dpo';
export const METHODS: readonly FineTuneMethod[] = ['supervised', 'dpo'];
export const TERMINAL_STATUSES: readonly FineTuningJob['status'][] = ['succeeded', 'failed', 'cancelled'];

/** An error whose message is ready to show as is. */
export class FineTuneError extends Error {
  override name = 'FineTuneError';
}

export interface StartJobOptions {
  trainingPath: string;
  validationPath?: string;
  /** The base model to fine-tune, e.g. gpt-4.1-mini-2025-04-14. */
  base: string;
  method: FineTuneMethod;
  /** Up to 64 characters, added to the fine-tuned model's name. */
  suffix?: string;
  /** Epochs; OpenAI chooses ('auto') when unset. */
  epochs?: number;
}

export interface StartedJob {
  job: FineTuningJob;
  trainingFile: FileObject;
  validationFile: FileObject | null;
}

export interface WaitOptions {
  /** Pause between status polls (default 15 s). */
  pollMs?: number;
  /** Give up (with a FineTuneError) after this long (default 2 h). */
  timeoutMs?: number;
  /** Called once per new event, oldest first. */
  onEvent?: (event: FineTuningJobEvent) => void;
}

/**
 * A plain message for an API failure, or null when `error` is not one. The
 * 401 text from OpenAI quotes part of the key, so it is never passed on.
 */
export function describeApiError(error: unknown): string | null {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'The OpenAI API did not answer in time; try again.';
  if (error instanceof OpenAI.APIConnectionError) {
    return `Could not reach the OpenAI API (${error.message}). Check OPENAI_BASE_URL and your network.`;
  }
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return null;
  const body = (error.error ?? {}) as { message?: unknown };
  const apiMessage = typeof body.message === 'string' ? body.message : error.message;
  const param = error.param ? ` (param: ${error.param})` : '';
  if (error.status === 401) {
    return 'The OpenAI API key was refused (401). Check OPENAI_API_KEY, and OPENAI_BASE_URL if you use another server.';
  }
  if (error.status === 403) return `The OpenAI API key may not do this (403): ${apiMessage}`;
  if (error.status === 429 && (error.code === 'insufficient_quota' || error.type === 'insufficient_quota')) {
    return 'The OpenAI account is out of quota (429 insufficient_quota): add credit or raise the budget in the billing settings, then try again.';
  }
  if (error.status === 429) return `OpenAI is rate-limiting these requests (429): ${apiMessage} Wait a little and try again.`;
  if (error.status >= 500) return `The OpenAI API failed (${error.status}): ${apiMessage} Try again later.`;
  return `OpenAI refused the request (${error.status}): ${apiMessage}${param}`;
}

/** Runs an API call, turning its failure into a FineTuneError (`doing` says what failed). */
async function api<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const message = describeApiError(error);
    if (message === null) throw error;
    throw new FineTuneError(`${doing} failed. ${message}`);
  }
}

async function readDataFile(path: string, what: string): Promise<Buffer> {
  try {
    if (!(await stat(path)).isFile()) throw new FineTuneError(`The ${what} ${path} is not a file.`);
    return await readFile(path);
  } catch (error) {
    if (error instanceof FineTuneError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new FineTuneError(`Cannot read the ${what} ${path}${code === 'ENOENT' ? ': no such file' : `: ${(error as Error).message}`}.`);
  }
}

async function upload(client: OpenAI, path: string, content: Buffer, what: string): Promise<FileObject> {
  const file = await toFile(content, basename(path), { type: 'application/jsonl' });
  return api(`Uploading the ${what} ${path}`, () => client.files.create({ file, purpose: 'fine-tune' }));
}

/** The `method` of OpenAI's job-creation request (the top-level `hyperparameters` is deprecated). */
export function methodParams(method: FineTuneMethod, epochs: number | undefined): JobCreateParams.Method {
  if (epochs === undefined) return { type: method };
  const hyperparameters = { n_epochs: epochs };
  return method === 'dpo' ? { type: 'dpo', dpo: { hyperparameters } } : { type: 'supervised', supervised: { hyperparameters } };
}

/** Uploads the file(s), then creates the job. Both files are read before anything is uploaded. */
export async function startJob(client: OpenAI, options: StartJobOptions): Promise<StartedJob> {
  const training = await readDataFile(options.trainingPath, 'training file');
  const validation = options.validationPath ? await readDataFile(options.validationPath, 'validation file') : null;
  const trainingFile = await upload(client, options.trainingPath, training, 'training file');
  const validationFile = validation && options.validationPath ? await upload(client, options.validationPath, validation, 'validation file') : null;
  const params: JobCreateParams = {
    model: options.base,
    training_file: trainingFile.id,
    method: methodParams(options.method, options.epochs),
    ...(validationFile ? { validation_file: validationFile.id } : {}),
    ...(options.suffix ? { suffix: options.suffix } : {}),
  };
  const job = await api('Creating the fine-tuning job', () => client.fineTuning.jobs.create(params));
  return { job, trainingFile, validationFile };
}

export function jobStatus(client: OpenAI, id: string): Promise<FineTuningJob> {
  return api(`Reading fine-tuning job ${id}`, () => client.fineTuning.jobs.retrieve(id));
}

/** The job's latest events, newest first (as OpenAI lists them). */
export async function jobEvents(client: OpenAI, id: string, limit = 20): Promise<FineTuningJobEvent[]> {
  const page = await api(`Reading the events of fine-tuning job ${id}`, () => client.fineTuning.jobs.listEvents(id, { limit }));
  return page.data;
}

/** Events not seen yet, oldest first; pages back until a seen one (or the first). */
async function newEvents(client: OpenAI, id: string, seen: Set<string>): Promise<FineTuningJobEvent[]> {
  const fresh: FineTuningJobEvent[] = [];
  await api(`Reading the events of fine-tuning job ${id}`, async () => {
    for await (const event of client.fineTuning.jobs.listEvents(id, { limit: 50 })) {
      if (seen.has(event.id)) break;
      fresh.push(event);
    }
  });
  for (const event of fresh) seen.add(event.id);
  return fresh.reverse();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the job succeeds, fails or is cancelled, and returns it then. */
export async function waitForJob(client: OpenAI, id: string, options: WaitOptions = {}): Promise<FineTuningJob> {
  const pollMs = options.pollMs ?? 15_000;
  const deadline = Date.now() + (options.timeoutMs ?? 2 * 60 * 60 * 1000);
  const seen = new Set<string>();
  for (;;) {
    const job = await jobStatus(client, id);
    if (options.onEvent) for (const event of await newEvents(client, id, seen)) options.onEvent(event);
    if (TERMINAL_STATUSES.includes(job.status)) return job;
    if (Date.now() + pollMs > deadline) {
      throw new FineTuneError(`Fine-tuning job ${id} is still ${job.status.replace('_', ' ')}; stopped waiting. It keeps going at OpenAI.`);
    }
    await sleep(pollMs);
  }
}
