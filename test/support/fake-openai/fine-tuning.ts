// Fine-tuning jobs for the fake OpenAI server: `POST /v1/fine_tuning/jobs`,
// `GET /v1/fine_tuning/jobs/:id` and `GET /v1/fine_tuning/jobs/:id/events`,
// plus routing of the Files API (files.ts). Objects follow OpenAI's documented
// `fine_tuning.job` and `fine_tuning.job.event` shapes; event messages are
// worded as OpenAI's are.
//
// Jobs are not timed: every retrieve advances a job one step along its scripted
// lifecycle, validating_files → queued → running (× steps) → succeeded | failed,
// so a poll loop sees every state without waiting. Platform-free.

import { approximateTokens } from './embeddings';
import { apiError, missingParameter, notOneOf } from './errors';
import { createFileStore, errorReply, nowSeconds, type Reply } from './files';
import type { ParsedForm } from './multipart';

/** How one fine-tuning job ends. */
export interface JobScript {
  outcome: 'succeeded' | 'failed';
  /** Retrieves that see the job `running` before it ends (default 2). */
  steps?: number;
  /** The failed job's `error`; defaults to DEFAULT_JOB_ERROR. An error whose param
   * is `training_file` or `validation_file` fails the job while its files are
   * validated (as a bad file does at OpenAI), before it is queued or runs. */
  error?: { code: string; message: string; param?: string | null };
}

export const DEFAULT_JOB_ERROR = {
  code: 'invalid_training_file',
  message: "The job failed due to an invalid training file. Invalid file format. Example 3, message 2 Discriminator 'role' is missing in value",
  param: 'training_file',
};

/** The organization name in fine-tuned model ids: `ft:<model>:countersign:<suffix>:<id>`. */
export const FAKE_ORGANIZATION = 'countersign';
const METHODS = ['supervised', 'dpo'] as const;
/** What OpenAI resolves `auto` hyperparameters to, fixed here (OpenAI's depend on the data). */
const RESOLVED: Record<string, number> = { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8, beta: 0.1 };

type Status = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed';
type Hyperparameters = Record<string, string | number>;

interface JobEvent {
  object: 'fine_tuning.job.event';
  id: string;
  created_at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  data: Record<string, unknown>;
  type: 'message' | 'metrics';
}

interface JobRecord {
  job: Record<string, unknown> & { id: string; model: string; status: Status; user_provided_suffix: string | null };
  /** The method's hyperparameters (shared with `job.hyperparameters` for supervised jobs). */
  hp: Hyperparameters;
  /** The statuses still to come, one per retrieve. */
  schedule: Status[];
  steps: number;
  step: number;
  error: { code: string; message: string; param: string | null };
  trainingText: string;
  events: JobEvent[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one method's hyperparameters and fills in OpenAI's `auto` defaults. */
function hyperparameters(type: string, given: unknown, param: string): { values: Hyperparameters } | { reply: Reply } {
  const result: Hyperparameters = { batch_size: 'auto', learning_rate_multiplier: 'auto', n_epochs: 'auto', ...(type === 'dpo' ? { beta: 'auto' } : {}) };
  if (given === undefined || given === null) return { values: result };
  if (!isObject(given)) return { reply: errorReply(400, apiError(`'${param}' must be an object.`, 'invalid_request_error', null, param)) };
  for (const [name, value] of Object.entries(given)) {
    if (!(name in result)) {
      return { reply: errorReply(400, apiError(`Unknown parameter: '${param}.${name}'.`, 'invalid_request_error', 'unknown_parameter', `${param}.${name}`)) };
    }
    const valid = value === 'auto' || (typeof value === 'number' && value > 0 && (name !== 'n_epochs' || (Number.isInteger(value) && value <= 50)));
    if (!valid) {
      const message = `Invalid value for '${param}.${name}': ${JSON.stringify(value)}. Expected 'auto' or a positive number${name === 'n_epochs' ? ' (an integer from 1 to 50)' : ''}.`;
      return { reply: errorReply(400, apiError(message, 'invalid_request_error', 'invalid_value', `${param}.${name}`)) };
    }
    result[name] = value as string | number;
  }
  return { values: result };
}

const resolveAuto = (values: Hyperparameters) => {
  for (const [name, value] of Object.entries(values)) if (value === 'auto') values[name] = RESOLVED[name] ?? value;
};

/** The Files and fine-tuning APIs, with their own ids (`file-fake1`, `ftjob-fake1`, `ftevent-fake1`: one sequence per prefix). */
export function createFineTuning() {
  const sequences = new Map<string, number>();
  const nextId = (prefix: string) => {
    const next = (sequences.get(prefix) ?? 0) + 1;
    sequences.set(prefix, next);
    return `${prefix}${next}`;
  };
  const files = createFileStore(nextId);
  const jobs = new Map<string, JobRecord>();
  const scripts: JobScript[] = [];

  function event(record: JobRecord, message: string, extra: Partial<JobEvent> = {}) {
    record.events.push({ object: 'fine_tuning.job.event', id: nextId('ftevent-fake'), created_at: nowSeconds(), level: 'info', message, data: {}, type: 'message', ...extra });
  }

  /** Checks a file id given as `param`, as OpenAI does when a job is created. */
  function fileProblem(id: unknown, param: 'training_file' | 'validation_file'): Reply | null {
    if (typeof id !== 'string' || !files.get(id)) return errorReply(400, apiError(`invalid ${param}: ${String(id)}`, 'invalid_request_error', null, param));
    const purpose = files.get(id)!.file.purpose;
    if (purpose !== 'fine-tune') {
      return errorReply(400, apiError(`File ${id} has purpose '${purpose}'; fine-tuning needs purpose 'fine-tune'.`, 'invalid_request_error', null, param));
    }
    return null;
  }

  function create(body: Record<string, unknown>): Reply {
    const { model, training_file, validation_file, suffix, method } = body;
    if (typeof model !== 'string' || model === '') return errorReply(400, missingParameter('model'));
    if (training_file === undefined) return errorReply(400, missingParameter('training_file'));
    const problem = fileProblem(training_file, 'training_file') ?? (validation_file != null ? fileProblem(validation_file, 'validation_file') : null);
    if (problem) return problem;
    if (suffix != null && (typeof suffix !== 'string' || suffix.length > 64)) {
      return errorReply(400, apiError('suffix must be a string of at most 64 characters.', 'invalid_request_error', 'invalid_value', 'suffix'));
    }
    // `method` is current; the top-level `hyperparameters` is the deprecated form of a supervised method.
    const methodBody = method === undefined ? undefined : isObject(method) ? method : null;
    if (methodBody === null) return errorReply(400, apiError("'method' must be an object.", 'invalid_request_error', null, 'method'));
    const type = methodBody?.type ?? 'supervised';
    if (!(METHODS as readonly unknown[]).includes(type)) return errorReply(400, notOneOf(type, METHODS, 'method.type'));
    const methodType = type as string;
    const settings = methodBody?.[methodType];
    const given = methodBody ? (isObject(settings) ? settings.hyperparameters : undefined) : body.hyperparameters;
    const checked = hyperparameters(methodType, given, methodBody ? `method.${methodType}.hyperparameters` : 'hyperparameters');
    if ('reply' in checked) return checked.reply;
    const hp = checked.values;

    const script = scripts.shift() ?? { outcome: 'succeeded' };
    const steps = Math.max(0, Math.floor(script.steps ?? 2));
    const error = { ...DEFAULT_JOB_ERROR, ...script.error, param: script.error ? (script.error.param ?? null) : DEFAULT_JOB_ERROR.param };
    const failsOnFiles = script.outcome === 'failed' && (error.param === 'training_file' || error.param === 'validation_file');
    const id = nextId('ftjob-fake');
    const record: JobRecord = {
      job: {
        object: 'fine_tuning.job',
        id,
        model,
        created_at: nowSeconds(),
        finished_at: null,
        fine_tuned_model: null,
        organization_id: 'org-countersign-fake',
        result_files: [],
        status: 'validating_files',
        validation_file: (validation_file as string | undefined) ?? null,
        training_file,
        // As OpenAI does: the job-level copy is only given for supervised jobs.
        hyperparameters: methodType === 'supervised' ? hp : null,
        trained_tokens: null,
        error: null,
        user_provided_suffix: (suffix as string | undefined) ?? null,
        seed: typeof body.seed === 'number' ? body.seed : 42,
        estimated_finish: null,
        integrations: [],
        metadata: body.metadata ?? null,
        method: { type: methodType, [methodType]: { hyperparameters: hp } },
      },
      hp,
      schedule: failsOnFiles ? ['failed'] : ['queued', ...Array<Status>(steps).fill('running'), script.outcome],
      steps,
      step: 0,
      error,
      trainingText: files.get(training_file as string)!.text,
      events: [],
    };
    jobs.set(id, record);
    event(record, `Created fine-tuning job: ${id}`);
    event(record, `Validating training file: ${training_file}${validation_file != null ? ` and validation file: ${validation_file}` : ''}`);
    return { status: 200, body: record.job };
  }

  function advance(record: JobRecord) {
    const next = record.schedule.shift();
    if (!next) return;
    const { job, hp } = record;
    if ((next === 'running' || next === 'succeeded') && job.status !== 'running') {
      resolveAuto(hp); // also updates job.hyperparameters, the same object
      event(record, 'Fine-tuning job started');
    }
    job.status = next;
    if (next === 'queued') event(record, 'Files validated, moving job to queued state');
    if (next === 'running') {
      const step = ++record.step;
      const loss = Number((2 / (1 + step)).toFixed(4));
      job.estimated_finish = nowSeconds() + 60 * (record.steps - step + 1);
      const data = { step, total_steps: record.steps, train_loss: loss, train_mean_token_accuracy: Number((1 - loss / 2).toFixed(4)) };
      event(record, `Step ${step}/${record.steps}: training loss=${loss.toFixed(2)}`, { type: 'metrics', data });
    }
    if (next === 'succeeded') {
      const model = `ft:${job.model}:${FAKE_ORGANIZATION}:${job.user_provided_suffix ?? ''}:${job.id.replace(/^ftjob-/, '')}`;
      Object.assign(job, {
        fine_tuned_model: model,
        finished_at: nowSeconds(),
        estimated_finish: null,
        trained_tokens: approximateTokens(record.trainingText) * Number(hp.n_epochs),
        result_files: [files.add('fine-tune-results', 'step_metrics.csv', 0, '').id],
      });
      event(record, `New fine-tuned model created: ${model}`);
      event(record, 'The job has successfully completed');
    }
    if (next === 'failed') {
      Object.assign(job, { error: record.error, estimated_finish: null });
      event(record, record.error.message, { level: 'error' });
    }
  }

  function listEvents(record: JobRecord, query: URLSearchParams): Reply {
    const limit = query.has('limit') ? Number(query.get('limit')) : 20;
    if (!Number.isInteger(limit) || limit < 1) {
      return errorReply(400, apiError(`Invalid limit: ${query.get('limit')}. It must be a positive integer.`, 'invalid_request_error', null, 'limit'));
    }
    const newestFirst = [...record.events].reverse();
    const after = query.get('after');
    const start = after === null ? 0 : newestFirst.findIndex((e) => e.id === after) + 1;
    const data = newestFirst.slice(start, start + limit);
    return { status: 200, body: { object: 'list', data, has_more: start + limit < newestFirst.length } };
  }

  /** Routes /v1/files… and /v1/fine_tuning/jobs…; null for any other path. */
  function handle(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, form: ParsedForm | null): Reply | null {
    const parts = path.split('/').slice(2); // ['', 'v1', ...]
    if (parts[0] === 'files') {
      if (method === 'POST' && parts.length === 1) return files.upload(form);
      if (method === 'GET' && parts.length === 2) return files.retrieve(decodeURIComponent(parts[1]!));
      return null;
    }
    if (parts[0] !== 'fine_tuning' || parts[1] !== 'jobs') return null;
    if (method === 'POST' && parts.length === 2) return create(body);
    if (method !== 'GET' || parts.length < 3 || parts.length > 4 || (parts.length === 4 && parts[3] !== 'events')) return null;
    const id = decodeURIComponent(parts[2]!);
    const record = jobs.get(id);
    if (!record) return errorReply(404, apiError(`Fine-tuning job ${id} not found.`, 'invalid_request_error', null, 'fine_tuning_job_id'));
    if (parts.length === 4) return listEvents(record, query);
    advance(record);
    return { status: 200, body: record.job };
  }

  return {
    handle,
    script: (...lifecycles: JobScript[]) => scripts.push(...lifecycles),
    reset() {
      jobs.clear();
      scripts.length = 0;
      files.reset();
    },
  };
}

/** Checks a job script sent over HTTP (POST /__control/job); null when valid. */
export function jobScriptProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the body must be a JSON object';
  if (value.outcome !== 'succeeded' && value.outcome !== 'failed') return "outcome must be 'succeeded' or 'failed'";
  if (value.steps !== undefined && (typeof value.steps !== 'number' || value.steps < 0)) return 'steps must be a number ≥ 0';
  const error = value.error;
  if (error !== undefined && !(isObject(error) && typeof error.code === 'string' && typeof error.message === 'string')) {
    return 'error must be {code, message, param?}';
  }
  return null;
}
