/**
 * The job subcommands of `npm run finetune`:
 *
 *   start --base MODEL --training FILE.jsonl [--validation FILE.jsonl]
 *         [--method supervised|dpo] [--suffix NAME] [--epochs N] [--wait]
 *   status JOB_ID
 *   events JOB_ID [--limit 20]
 *
 * OPENAI_API_KEY (required) and OPENAI_BASE_URL (optional) come from the
 * environment. Exit codes: 0 done, 1 the API or the job failed, 2 usage error.
 */
import OpenAI from 'openai';
import { type OptionSpec, parseArgs, UsageError } from '../lib/args';
import {
  FineTuneError,
  type FineTuneMethod,
  type FineTuningJob,
  type FineTuningJobEvent,
  jobEvents,
  jobStatus,
  METHODS,
  startJob,
  TERMINAL_STATUSES,
  waitForJob,
} from './jobs';

export const JOB_USAGE = `Usage:
  npm run finetune -- start --base MODEL --training FILE.jsonl [--validation FILE.jsonl]
      [--method supervised|dpo] [--suffix NAME] [--epochs N] [--wait]
  npm run finetune -- status JOB_ID
  npm run finetune -- events JOB_ID [--limit 20]
Needs OPENAI_API_KEY in the environment (and OPENAI_BASE_URL for a server other than api.openai.com).`;

export const JOB_COMMANDS = ['start', 'status', 'events'] as const;

const OPTIONS: Record<(typeof JOB_COMMANDS)[number], Record<string, OptionSpec>> = {
  start: {
    base: { type: 'string' },
    training: { type: 'string' },
    validation: { type: 'string' },
    method: { type: 'string' },
    suffix: { type: 'string' },
    epochs: { type: 'number' },
    wait: { type: 'boolean' },
  },
  status: {},
  events: { limit: { type: 'number' } },
};

interface Output {
  write(text: string): unknown;
}

export interface JobCommandIO {
  /** Used instead of a client built from OPENAI_API_KEY / OPENAI_BASE_URL. */
  client?: OpenAI;
  stdout: Output;
  stderr: Output;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Pause between polls with --wait (default 15 s). */
  pollMs?: number;
  /** How to run this command, for the hints printed (default `npm run finetune --`). */
  commandPrefix?: string;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const WAIT_TIMEOUT_MS = 24 * 60 * 60 * 1000;

const time = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000', '');
const eventLine = (event: FineTuningJobEvent) => `  ${time(event.created_at)} [${event.level}] ${event.message}`;

function methodOf(job: FineTuningJob): string {
  const type = job.method?.type ?? 'supervised';
  const settings = job.method?.[type as 'supervised' | 'dpo']?.hyperparameters ?? job.hyperparameters ?? {};
  const values = Object.entries(settings).map(([name, value]) => `${name} ${value}`);
  return values.length > 0 ? `${type} (${values.join(', ')})` : type;
}

/** What became of a finished job, with the next step; true when it succeeded. */
function outcome(job: FineTuningJob, say: (line: string) => void, complain: (line: string) => void): boolean {
  if (job.status === 'succeeded' && job.fine_tuned_model) {
    const model = job.fine_tuned_model;
    say(`Job ${job.id} succeeded. Fine-tuned model: ${model}`);
    say('Next step: set CHAT_MODEL to this model id.');
    say(`  deployed Worker: CHAT_MODEL = "${model}" under [vars] in wrangler.toml, then npx wrangler deploy`);
    say(`  npm run dev:     CHAT_MODEL="${model}" in .dev.vars`);
    say(`  compare first:   CHAT_MODEL=${model} npm run eval -- --corpus DIR --questions FILE.jsonl`);
    return true;
  }
  if (job.status === 'failed') {
    const error = job.error;
    const detail = error?.code || error?.message ? `${error.code ?? 'error'}: ${error.message ?? ''}${error.param ? ` (param: ${error.param})` : ''}` : 'no reason given';
    complain(`Job ${job.id} failed. ${detail}`);
    return false;
  }
  complain(`Job ${job.id} ended with status ${job.status}${job.fine_tuned_model ? '' : ' and no fine-tuned model'}.`);
  return false;
}

function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number of at least 1`);
  return value;
}

function onlyId(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one job id (ftjob-...)`);
  return positionals[0]!;
}

/** Runs one job subcommand (argv without the node and script names); resolves to the exit code. */
export async function runJobCommand(argv: string[], io: JobCommandIO): Promise<number> {
  const env = io.env ?? process.env;
  const key = env.OPENAI_API_KEY?.trim();
  // Belt and braces: whatever is printed, the key never is.
  const redact = (text: string) => (key && key.length >= 4 ? text.split(key).join('***') : text);
  const say = (line: string) => io.stdout.write(`${redact(line)}\n`);
  const complain = (line: string) => io.stderr.write(`${redact(line)}\n`);
  const prefix = io.commandPrefix ?? 'npm run finetune --';

  try {
    const [command, ...rest] = argv;
    if (command === undefined) throw new UsageError('which command? start, status or events');
    if (command === 'help' || command === '--help') {
      say(JOB_USAGE);
      return 0;
    }
    if (!(JOB_COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}"`);
    const { options, positionals } = parseArgs(rest, OPTIONS[command as (typeof JOB_COMMANDS)[number]]);

    let start: Parameters<typeof startJob>[1] | undefined;
    if (command === 'start') {
      if (positionals.length > 0) throw new UsageError(`start takes no positional arguments (got "${positionals[0]}")`);
      const base = options.base as string | undefined;
      const training = options.training as string | undefined;
      if (!base || !training) throw new UsageError('start needs --base MODEL and --training FILE.jsonl');
      const method = (options.method as string | undefined) ?? 'supervised';
      if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`--method must be ${METHODS.join(' or ')}`);
      const suffix = options.suffix as string | undefined;
      if (suffix !== undefined && (suffix.length === 0 || suffix.length > 64)) throw new UsageError('--suffix must be 1 to 64 characters');
      const epochs = positiveInteger(options.epochs, 'epochs');
      start = { base, trainingPath: training, validationPath: options.validation as string | undefined, method: method as FineTuneMethod, suffix, epochs };
    }
    const id = command === 'start' ? '' : onlyId(positionals, command);
    const limit = positiveInteger(options.limit, 'limit') ?? 20;

    if (!io.client && !key) {
      throw new UsageError('OPENAI_API_KEY is not set. Export your OpenAI API key (and OPENAI_BASE_URL if you use another server), then run the command again.');
    }
    const client = io.client ?? new OpenAI({ apiKey: key, baseURL: env.OPENAI_BASE_URL?.trim() || DEFAULT_BASE_URL });

    if (start) {
      const started = await startJob(client, start);
      say(`Uploaded the training file ${start.trainingPath}: ${started.trainingFile.id} (${started.trainingFile.bytes} bytes)`);
      if (started.validationFile) say(`Uploaded the validation file ${start.validationPath}: ${started.validationFile.id} (${started.validationFile.bytes} bytes)`);
      const { job } = started;
      say(`Created fine-tuning job ${job.id}: ${methodOf(job)}, base ${job.model}${start.suffix ? `, suffix ${start.suffix}` : ''}; status ${job.status}`);
      if (options.wait !== true) {
        say(`Follow it with: ${prefix} status ${job.id}   (or: ${prefix} events ${job.id})`);
        return 0;
      }
      say('Waiting for the job to finish (Ctrl-C stops waiting, not the job)...');
      const final = await waitForJob(client, job.id, { pollMs: io.pollMs ?? 15_000, timeoutMs: WAIT_TIMEOUT_MS, onEvent: (event) => say(eventLine(event)) });
      return outcome(final, say, complain) ? 0 : 1;
    }

    if (command === 'status') {
      const job = await jobStatus(client, id);
      say(`Job ${job.id}: ${job.status}`);
      say(`  base model: ${job.model}`);
      say(`  method:     ${methodOf(job)}`);
      say(`  training:   ${job.training_file}${job.validation_file ? `, validation: ${job.validation_file}` : ''}`);
      say(`  created:    ${time(job.created_at)}`);
      if (job.estimated_finish) say(`  estimated finish: ${time(job.estimated_finish)}`);
      if (!TERMINAL_STATUSES.includes(job.status)) {
        say(`Not finished yet. Latest events: ${prefix} events ${job.id}`);
        return 0;
      }
      return outcome(job, say, complain) ? 0 : 1;
    }

    const events = await jobEvents(client, id, limit);
    if (events.length === 0) {
      say(`No events yet for job ${id}.`);
      return 0;
    }
    say(`Latest ${events.length} event${events.length === 1 ? '' : 's'} of job ${id}, oldest first:`);
    for (const event of [...events].reverse()) say(eventLine(event));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      complain(`finetune: ${error.message}`);
      complain(JOB_USAGE);
      return 2;
    }
    complain(`finetune: ${error instanceof FineTuneError ? error.message : String((error as Error)?.message ?? error)}`);
    return 1;
  }
}
