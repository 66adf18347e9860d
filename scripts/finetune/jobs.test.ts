// The fine-tuning job commands against the fake OpenAI server over HTTP,
// through the real openai SDK: what is uploaded and sent, what is printed, and
// how failures read.

import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../test/support/fake-openai/server';
import { type JobCommandIO, runJobCommand } from './cli-jobs';
import { describeApiError, FineTuneError, type FineTuningJobEvent, jobEvents, startJob, waitForJob } from './jobs';

const API_KEY = 'sk-test-finetune-key-0123456789';
const BASE = 'gpt-4o-mini-2024-07-18';
let fake: FakeOpenAI;
let dir: string;
const path = (name: string) => join(dir, name);

const chatLine = (i: number) =>
  JSON.stringify({
    messages: [
      { role: 'system', content: 'You answer from the Acme handbook.' },
      { role: 'user', content: `Question ${i}: how many vacation days do I get?` },
      { role: 'assistant', content: 'Employees get 25 vacation days a year [P1].' },
    ],
  });
const preferenceLine = (i: number) =>
  JSON.stringify({
    input: { messages: [{ role: 'user', content: `Question ${i}: is there parking?` }] },
    preferred_output: [{ role: 'assistant', content: 'Yes, in the garage on level -1 [P1].' }],
    non_preferred_output: [{ role: 'assistant', content: 'Probably.' }],
  });
const lines = (count: number, line: (i: number) => string) => `${Array.from({ length: count }, (_, i) => line(i)).join('\n')}\n`;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
  dir = await mkdtemp(join(tmpdir(), 'countersign-finetune-'));
  await writeFile(path('train.jsonl'), lines(12, chatLine));
  await writeFile(path('valid.jsonl'), lines(3, chatLine));
  await writeFile(path('pairs.jsonl'), lines(10, preferenceLine));
  await writeFile(path('broken.jsonl'), `${chatLine(1)}\n{"messages": [ oops\n${chatLine(2)}\n`);
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const client = (apiKey = API_KEY) => new OpenAI({ apiKey, baseURL: fake.url, maxRetries: 0 });

/** Runs a subcommand in-process and captures what it prints. */
async function run(argv: string[], io: Partial<JobCommandIO> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runJobCommand(argv, {
    client: client(),
    pollMs: 1,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...io,
  });
  return { code, stdout, stderr };
}

/** The messages of the event lines printed (`  <time> [level] message`), in order. */
const eventMessages = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => /^ {2}\d{4}-\d\d-\d\dT\S+Z \[(info|warn|error)\] /.test(line))
    .map((line) => line.replace(/^.*?\] /, ''));
const uploads = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files');
const jobCreations = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/fine_tuning/jobs');

describe('start', () => {
  it('uploads both files as multipart (purpose fine-tune) and creates a supervised job with suffix and epochs', async () => {
    const result = await run(['start', '--base', BASE, '--training', path('train.jsonl'), '--validation', path('valid.jsonl'), '--suffix', 'support', '--epochs', '3']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const [training, validation] = uploads();
    expect(uploads()).toHaveLength(2);
    expect(training!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(training!.body).toEqual({
      purpose: 'fine-tune',
      file: { filename: 'train.jsonl', contentType: 'application/jsonl', bytes: (await stat(path('train.jsonl'))).size, text: lines(12, chatLine) },
    });
    expect(validation!.body).toMatchObject({ purpose: 'fine-tune', file: { filename: 'valid.jsonl', text: lines(3, chatLine) } });

    const files = fake.requests.filter((r) => r.path === '/v1/files');
    expect(files).toHaveLength(2);
    const [created] = jobCreations();
    const trainingId = result.stdout.match(/train\.jsonl: (file-\S+)/)![1]!;
    const validationId = result.stdout.match(/valid\.jsonl: (file-\S+)/)![1]!;
    expect(trainingId).not.toBe(validationId);
    // Exactly OpenAI's current request shape: hyperparameters under `method`, not the deprecated top-level field.
    expect(created!.body).toEqual({
      model: BASE,
      training_file: trainingId,
      validation_file: validationId,
      suffix: 'support',
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
    });
    const jobId = result.stdout.match(/Created fine-tuning job (ftjob-\S+):/)![1]!;
    expect(result.stdout).toContain(`supervised (batch_size auto, learning_rate_multiplier auto, n_epochs 3), base ${BASE}, suffix support; status validating_files`);
    expect(result.stdout).toContain(`Follow it with: npm run finetune -- status ${jobId}`);
  });

  it('creates a dpo job with only a training file and no epochs', async () => {
    const { job, trainingFile, validationFile } = await startJob(client(), { trainingPath: path('pairs.jsonl'), base: BASE, method: 'dpo' });
    expect(validationFile).toBeNull();
    expect(trainingFile).toMatchObject({ object: 'file', purpose: 'fine-tune', filename: 'pairs.jsonl', status: 'processed' });
    expect(jobCreations()[0]!.body).toEqual({ model: BASE, training_file: trainingFile.id, method: { type: 'dpo' } });
    expect(job).toMatchObject({ object: 'fine_tuning.job', status: 'validating_files', model: BASE, training_file: trainingFile.id, validation_file: null, fine_tuned_model: null, error: null });
    expect(job.method).toEqual({ type: 'dpo', dpo: { hyperparameters: { batch_size: 'auto', beta: 'auto', learning_rate_multiplier: 'auto', n_epochs: 'auto' } } });
  });

  it('--wait follows the job to success and prints the ft: model id and the CHAT_MODEL step', async () => {
    fake.scriptJob({ outcome: 'succeeded', steps: 2 });
    const { code, stdout, stderr } = await run(['start', '--base', BASE, '--training', path('train.jsonl'), '--suffix', 'support', '--wait']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const jobId = stdout.match(/Created fine-tuning job (ftjob-\S+):/)![1]!;
    const model = `ft:${BASE}:countersign:support:${jobId.replace('ftjob-', '')}`;
    // Every event once, oldest first.
    expect(eventMessages(stdout)).toEqual([
      `Created fine-tuning job: ${jobId}`,
      expect.stringMatching(/^Validating training file: file-/),
      'Files validated, moving job to queued state',
      'Fine-tuning job started',
      'Step 1/2: training loss=1.00',
      'Step 2/2: training loss=0.67',
      `New fine-tuned model created: ${model}`,
      'The job has successfully completed',
    ]);
    expect(stdout).toContain(`Job ${jobId} succeeded. Fine-tuned model: ${model}\n`);
    expect(stdout).toContain('Next step: set CHAT_MODEL to this model id.');
    expect(stdout).toContain(`CHAT_MODEL = "${model}" under [vars] in wrangler.toml`);
    // validating_files → queued → running → running → succeeded: four polls.
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/fine_tuning/jobs/${jobId}`)).toHaveLength(4);
  });

  it('--wait on a failed job prints the error code, message and param, and exits 1', async () => {
    const error = { code: 'invalid_n_examples', message: 'Training file has 7 example(s), but must have at least 10 examples', param: 'training_file' };
    fake.scriptJob({ outcome: 'failed', error });
    const { code, stdout, stderr } = await run(['start', '--base', BASE, '--training', path('train.jsonl'), '--wait']);
    expect(code).toBe(1);
    const jobId = stdout.match(/Created fine-tuning job (ftjob-\S+):/)![1]!;
    expect(stderr).toBe(`Job ${jobId} failed. invalid_n_examples: ${error.message} (param: training_file)\n`);
    expect(stdout).toContain(`[error] ${error.message}`);
    expect(stdout).not.toContain('Fine-tuning job started'); // a file error fails the job during validation

    const status = await run(['status', jobId]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`Job ${jobId}: failed`);
    expect(status.stderr).toContain('invalid_n_examples: Training file has 7 example(s)');
  });

  it('shows an invalid JSONL upload plainly, with OpenAI message, and creates no job', async () => {
    const { code, stdout, stderr } = await run(['start', '--base', BASE, '--training', path('broken.jsonl')]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `finetune: Uploading the training file ${path('broken.jsonl')} failed. OpenAI refused the request (400): ` +
        'Expected file to have JSONL format, where every line is a valid JSON dictionary. Line 2 is not a dictionary (HINT: line starts with: "{\\"m...").\n',
    );
    expect(jobCreations()).toHaveLength(0);
  });

  it('reads both files before uploading anything', async () => {
    const { code, stderr } = await run(['start', '--base', BASE, '--training', path('train.jsonl'), '--validation', path('missing.jsonl')]);
    expect(code).toBe(1);
    expect(stderr).toBe(`finetune: Cannot read the validation file ${path('missing.jsonl')}: no such file.\n`);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('API failures read plainly', () => {
  it('401: says the key was refused, without printing it', async () => {
    const wrongKey = 'sk-wrong-secret-key-9876543210';
    const { code, stdout, stderr } = await run(['status', 'ftjob-anything'], {
      client: undefined,
      env: { OPENAI_API_KEY: wrongKey, OPENAI_BASE_URL: fake.url },
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'finetune: Reading fine-tuning job ftjob-anything failed. The OpenAI API key was refused (401). Check OPENAI_API_KEY, and OPENAI_BASE_URL if you use another server.\n',
    );
    expect(stdout + stderr).not.toContain('sk-wrong');
    // The request did go to OPENAI_BASE_URL, with the key from the environment.
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.authorized).toBe(false);
  });

  it('429 insufficient_quota: says the account is out of quota', async () => {
    fake.script('files', { fault: 'quota' });
    const { code, stderr } = await run(['start', '--base', BASE, '--training', path('train.jsonl')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`Uploading the training file ${path('train.jsonl')} failed. The OpenAI account is out of quota (429 insufficient_quota)`);
    expect(jobCreations()).toHaveLength(0);
  });

  it('400 on job creation: shows OpenAI message and param', async () => {
    const error = await client()
      .fineTuning.jobs.create({ model: BASE, training_file: 'file-not-uploaded' })
      .catch((e: unknown) => e);
    expect(describeApiError(error)).toBe('OpenAI refused the request (400): invalid training_file: file-not-uploaded (param: training_file)');
  });

  it('an unknown job id gives a FineTuneError naming the job', async () => {
    await expect(waitForJob(client(), 'ftjob-nope', { pollMs: 1 })).rejects.toThrow(
      new FineTuneError('Reading fine-tuning job ftjob-nope failed. OpenAI refused the request (404): Fine-tuning job ftjob-nope not found. (param: fine_tuning_job_id)'),
    );
  });
});

describe('usage', () => {
  it('a missing OPENAI_API_KEY is a usage error (exit 2) and sends nothing', async () => {
    const { code, stdout, stderr } = await run(['start', '--base', BASE, '--training', path('train.jsonl')], { client: undefined, env: {} });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^finetune: OPENAI_API_KEY is not set\./);
    expect(stderr).toContain('Usage:');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [['start', '--training', 'x.jsonl'], 'start needs --base MODEL and --training FILE.jsonl'],
    [['start', '--base', BASE, '--training', 'x.jsonl', '--method', 'rlhf'], '--method must be supervised or dpo'],
    [['start', '--base', BASE, '--training', 'x.jsonl', '--epochs', '1.5'], '--epochs must be a whole number of at least 1'],
    [['status'], 'status takes one job id (ftjob-...)'],
    [['events', 'ftjob-1', '--limit', '0'], '--limit must be a whole number of at least 1'],
    [['events', 'ftjob-1', '--verbose'], 'unknown option --verbose'],
    [['cancel', 'ftjob-1'], 'unknown command "cancel"'],
  ])('%j → exit 2: %s', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`finetune: ${message}`);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('status, events and waitForJob', () => {
  it('status of a running job shows where it is, exit 0', async () => {
    const { job } = await startJob(client(), { trainingPath: path('train.jsonl'), base: BASE, method: 'supervised', epochs: 2 });
    await run(['status', job.id]); // validating_files → queued
    const { code, stdout } = await run(['status', job.id]); // → running
    expect(code).toBe(0);
    expect(stdout).toContain(`Job ${job.id}: running\n`);
    expect(stdout).toContain('method:     supervised (batch_size 1, learning_rate_multiplier 1.8, n_epochs 2)');
    expect(stdout).toContain(`Not finished yet. Latest events: npm run finetune -- events ${job.id}`);
  });

  it('events --limit prints the latest events, oldest first', async () => {
    const { job } = await startJob(client(), { trainingPath: path('train.jsonl'), base: BASE, method: 'supervised' });
    await waitForJob(client(), job.id, { pollMs: 1 });
    const { code, stdout } = await run(['events', job.id, '--limit', '2']);
    expect(code).toBe(0);
    const printed = stdout.trim().split('\n');
    expect(printed[0]).toBe(`Latest 2 events of job ${job.id}, oldest first:`);
    expect(printed).toHaveLength(3);
    expect(eventMessages(stdout)).toEqual([expect.stringMatching(/^New fine-tuned model created: ft:/), 'The job has successfully completed']);
    const newestFirst = await jobEvents(client(), job.id, 3);
    expect(newestFirst.map((e) => e.message)[0]).toBe('The job has successfully completed');
  });

  it('waitForJob reports each event once, oldest first, even across event pages', async () => {
    fake.scriptJob({ outcome: 'succeeded', steps: 60 });
    const { job } = await startJob(client(), { trainingPath: path('train.jsonl'), base: BASE, method: 'supervised' });
    // Advance the job without reading events, so the first poll finds more than one page (50) of them.
    for (let i = 0; i < 55; i++) await client().fineTuning.jobs.retrieve(job.id);
    const seen: FineTuningJobEvent[] = [];
    const final = await waitForJob(client(), job.id, { pollMs: 1, onEvent: (event) => seen.push(event) });
    expect(final.status).toBe('succeeded');
    expect(final.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:countersign::/);
    expect(seen).toHaveLength(2 + 2 + 60 + 2);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.filter((e) => e.type === 'metrics').map((e) => (e.data as { step: number }).step)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('waitForJob gives up after timeoutMs with a plain message', async () => {
    fake.scriptJob({ outcome: 'succeeded', steps: 1000 });
    const { job } = await startJob(client(), { trainingPath: path('train.jsonl'), base: BASE, method: 'supervised' });
    await expect(waitForJob(client(), job.id, { pollMs: 20, timeoutMs: 100 })).rejects.toThrow(/is still (queued|running); stopped waiting/);
  });
});
