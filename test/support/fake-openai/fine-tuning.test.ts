// The fake's Files and fine-tuning endpoints, exercised through the real openai
// SDK (multipart uploads, cursor pagination, error classes) and raw HTTP.

import OpenAI, { toFile } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, parseMultipart } from './multipart';
import { type FakeOpenAI, startFakeOpenAI } from './server';

const API_KEY = 'sk-test-fake-key';
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY, control: true });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const openai = new OpenAI({ apiKey: API_KEY, baseURL: `http://127.0.0.1:1/v1`, maxRetries: 0 });
const client = () => openai.withOptions({ baseURL: fake.url });
const TRAINING = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}\n'.repeat(10);
const upload = (text: string, name = 'train.jsonl', purpose: 'fine-tune' | 'assistants' = 'fine-tune') =>
  client().files.create({ file: new File([text], name), purpose });
const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('should have failed'), (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
const control = (path: string, body?: unknown) =>
  fetch(`${fake.url.replace(/\/v1$/, '')}/__control/${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

describe('files', () => {
  it('stores a multipart upload, records its parts, and returns it again by id', async () => {
    const file = await upload(TRAINING);
    expect(file).toMatchObject({ object: 'file', id: 'file-fake1', purpose: 'fine-tune', filename: 'train.jsonl', bytes: TRAINING.length, status: 'processed' });
    expect(file.created_at).toBeCloseTo(Date.now() / 1000, -1);
    expect(fake.requests[0]!.body).toEqual({ purpose: 'fine-tune', file: { filename: 'train.jsonl', contentType: 'application/octet-stream', bytes: TRAINING.length, text: TRAINING } });
    expect(await client().files.retrieve(file.id)).toEqual(file);
    const missing = await failure(client().files.retrieve('file-nope'));
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.message).toBe('404 No such File object: file-nope');
  });

  it.each([
    ['notes.txt', TRAINING, 'Invalid file format for Fine-Tuning API. Must be .jsonl'],
    ['empty.jsonl', '', 'Expected file to have JSONL format, where every line is a valid JSON dictionary. The file is empty.'],
    ['array.jsonl', '[1, 2]\n', 'Expected file to have JSONL format, where every line is a valid JSON dictionary. Line 1 is not a dictionary (HINT: line starts with: "[1,...").'],
    ['blank.jsonl', '{"a": 1}\n\n{"a": 2}\n', 'Expected file to have JSONL format, where every line is a valid JSON dictionary. Line 2 is not a dictionary (HINT: line starts with: "").'],
  ])('refuses a fine-tune upload %s with a 400', async (name, text, message) => {
    const error = await failure(upload(text, name));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message, type: 'invalid_request_error', param: null, code: null });
  });

  it('checks the purpose, and only validates JSONL for fine-tune', async () => {
    const wrong = await failure(client().files.create({ file: new File(['x'], 'a.jsonl'), purpose: 'training' as 'fine-tune' }));
    expect(wrong.param).toBe('purpose');
    expect(wrong.message).toContain(`"training" is not one of ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals']`);
    // Other purposes take any bytes; multipart parsing keeps them exact.
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const binary = await client().files.create({ file: await toFile(bytes, 'blob.bin'), purpose: 'assistants' });
    expect(binary).toMatchObject({ purpose: 'assistants', bytes: 256 });
  });

  it('answers a malformed multipart body with a 400', async () => {
    const response = await fetch(`${fake.url}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'Could not parse the multipart form: a part is not closed by the boundary.',
    );
  });
});

describe('multipart parser', () => {
  it('reads quoted boundaries, escaped filenames and content types', () => {
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeNull();
    const body = new TextEncoder().encode(
      'preamble\r\n--a b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n' +
        '--a b\r\ncontent-disposition: form-data; name="file"; filename="my \\"data\\".jsonl"\r\nContent-Type: application/jsonl\r\n\r\n{"a":1}\r\n\r\n--a b--\r\n',
    );
    const form = parseMultipart(body, 'a b');
    expect(form.fields).toEqual({ purpose: 'fine-tune' });
    expect(form.files.file!.filename).toBe('my "data".jsonl');
    expect(form.files.file!.contentType).toBe('application/jsonl');
    expect(new TextDecoder().decode(form.files.file!.data)).toBe('{"a":1}\r\n');
    expect(() => parseMultipart(new TextEncoder().encode('--b\r\nX-Other: 1\r\n\r\nv\r\n--b--'), 'b')).toThrow(MultipartError);
  });
});

describe('fine-tuning jobs', () => {
  it('creates a job in OpenAI shape and takes it through its lifecycle to success', async () => {
    const training = await upload(TRAINING);
    const validation = await upload(TRAINING, 'valid.jsonl');
    const job = await client().fineTuning.jobs.create({
      model: 'gpt-4o-mini-2024-07-18',
      training_file: training.id,
      validation_file: validation.id,
      suffix: 'support',
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2 } } },
    });
    expect(job).toMatchObject({
      object: 'fine_tuning.job',
      id: 'ftjob-fake1',
      status: 'validating_files',
      fine_tuned_model: null,
      finished_at: null,
      error: null,
      result_files: [],
      trained_tokens: null,
      user_provided_suffix: 'support',
      hyperparameters: { n_epochs: 2, batch_size: 'auto', learning_rate_multiplier: 'auto' },
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 'auto', learning_rate_multiplier: 'auto' } } },
    });
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await client().fineTuning.jobs.retrieve(job.id));
    expect(seen.map((j) => j.status)).toEqual(['queued', 'running', 'running', 'succeeded', 'succeeded']);
    const done = seen[4]!;
    expect(done.fine_tuned_model).toBe('ft:gpt-4o-mini-2024-07-18:countersign:support:fake1');
    expect(done.hyperparameters).toEqual({ n_epochs: 2, batch_size: 1, learning_rate_multiplier: 1.8 });
    expect(done.trained_tokens).toBeGreaterThan(0);
    expect(done.finished_at).not.toBeNull();
    expect(await client().files.retrieve(done.result_files[0]!)).toMatchObject({ purpose: 'fine-tune-results' });
  });

  it('lists events newest first, pages with limit/after, and the SDK iterates them all', async () => {
    const { id } = await client().fineTuning.jobs.create({ model: 'm', training_file: (await upload(TRAINING)).id });
    for (let i = 0; i < 4; i++) await client().fineTuning.jobs.retrieve(id);
    const first = await client().fineTuning.jobs.listEvents(id, { limit: 3 });
    expect(first.data.map((e) => e.message)).toEqual(['The job has successfully completed', expect.stringMatching(/^New fine-tuned model created: ft:m:countersign::/), 'Step 2/2: training loss=0.67']);
    expect(first.has_more).toBe(true);
    expect(first.data[0]).toMatchObject({ object: 'fine_tuning.job.event', level: 'info', type: 'message', data: {} });
    expect(first.data[2]).toMatchObject({ type: 'metrics', data: { step: 2, total_steps: 2, train_loss: 0.6667 } });
    const all = [];
    for await (const event of client().fineTuning.jobs.listEvents(id, { limit: 3 })) all.push(event.message);
    expect(all.at(-1)).toBe(`Created fine-tuning job: ${id}`);
    expect(all).toHaveLength(8);
  });

  it('fails a scripted job: file errors during validation, others after running', async () => {
    const file = (await upload(TRAINING)).id;
    fake.scriptJob({ outcome: 'failed' }, { outcome: 'failed', steps: 1, error: { code: 'server_error', message: 'Internal error.' } });
    const bad = await client().fineTuning.jobs.create({ model: 'm', training_file: file });
    const crashed = await client().fineTuning.jobs.create({ model: 'm', training_file: file });
    const badJob = await client().fineTuning.jobs.retrieve(bad.id);
    expect(badJob.status).toBe('failed');
    expect(badJob.error).toEqual({ code: 'invalid_training_file', message: expect.stringContaining('The job failed due to an invalid training file.'), param: 'training_file' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await client().fineTuning.jobs.retrieve(crashed.id)).status);
    expect(statuses).toEqual(['queued', 'running', 'failed']);
    const events = await client().fineTuning.jobs.listEvents(crashed.id);
    expect(events.data[0]).toMatchObject({ level: 'error', message: 'Internal error.' });
  });

  it('scripts jobs over HTTP with POST /__control/job, and reset forgets files, jobs and scripts', async () => {
    expect((await control('job', { outcome: 'exploded' })).status).toBe(400);
    expect((await control('job', { outcome: 'failed', error: { code: 'x', message: 'Scripted over HTTP.' } })).status).toBe(200);
    const file = (await upload(TRAINING)).id;
    const job = await client().fineTuning.jobs.create({ model: 'm', training_file: file });
    for (let i = 0; i < 3; i++) await client().fineTuning.jobs.retrieve(job.id);
    expect((await client().fineTuning.jobs.retrieve(job.id)).error).toEqual({ code: 'x', message: 'Scripted over HTTP.', param: null });
    await control('job', { outcome: 'failed' });
    await control('reset');
    expect(await failure(client().files.retrieve(file))).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await failure(client().fineTuning.jobs.retrieve(job.id))).toBeInstanceOf(OpenAI.NotFoundError);
    const fresh = await client().fineTuning.jobs.create({ model: 'm', training_file: (await upload(TRAINING)).id });
    await client().fineTuning.jobs.retrieve(fresh.id);
    expect((await client().fineTuning.jobs.retrieve(fresh.id)).status).toBe('running'); // the failed script was forgotten
  });

  it('maps the deprecated top-level hyperparameters to a supervised method, and dpo keeps beta', async () => {
    const file = (await upload(TRAINING)).id;
    const legacy = await client().fineTuning.jobs.create({ model: 'm', training_file: file, hyperparameters: { n_epochs: 4 } });
    expect(legacy.method).toEqual({ type: 'supervised', supervised: { hyperparameters: { n_epochs: 4, batch_size: 'auto', learning_rate_multiplier: 'auto' } } });
    const dpo = await client().fineTuning.jobs.create({ model: 'm', training_file: file, method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.2 } } } });
    expect(dpo.hyperparameters).toBeNull();
    expect(dpo.method!.dpo!.hyperparameters).toMatchObject({ beta: 0.2, n_epochs: 'auto' });
  });

  it('refuses invalid job requests with OpenAI errors naming the param', async () => {
    const file = (await upload(TRAINING)).id;
    const notes = (await upload('anything', 'notes.txt', 'assistants')).id;
    const cases: [Partial<OpenAI.FineTuning.JobCreateParams>, string, string][] = [
      [{ training_file: 'file-nope' }, 'invalid training_file: file-nope', 'training_file'],
      [{ training_file: file, validation_file: 'file-gone' }, 'invalid validation_file: file-gone', 'validation_file'],
      [{ training_file: notes }, `File ${notes} has purpose 'assistants'; fine-tuning needs purpose 'fine-tune'.`, 'training_file'],
      [{ model: '', training_file: file }, "Missing required parameter: 'model'.", 'model'],
      [{ training_file: file, suffix: 'x'.repeat(65) }, 'suffix must be a string of at most 64 characters.', 'suffix'],
      [{ training_file: file, method: { type: 'reinforcement' } }, `"reinforcement" is not one of ['supervised', 'dpo'] - 'method.type'`, 'method.type'],
      [
        { training_file: file, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 0 } } } },
        "Invalid value for 'method.supervised.hyperparameters.n_epochs': 0. Expected 'auto' or a positive number (an integer from 1 to 50).",
        'method.supervised.hyperparameters.n_epochs',
      ],
    ];
    for (const [params, message, param] of cases) {
      const error = await failure(client().fineTuning.jobs.create({ model: 'm', ...params } as OpenAI.FineTuning.JobCreateParams));
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect([error.error, error.param]).toEqual([expect.objectContaining({ message }), param]);
    }
  });

  it('serves faults and auth on the new endpoints', async () => {
    fake.script('files', { fault: 'quota' });
    const quota = await failure(upload(TRAINING));
    expect(quota).toBeInstanceOf(OpenAI.RateLimitError);
    expect([quota.code, quota.type]).toEqual(['insufficient_quota', 'insufficient_quota']);
    const { id } = await client().fineTuning.jobs.create({ model: 'm', training_file: (await upload(TRAINING)).id });
    fake.script('fine_tuning.jobs', { fault: 'timeout', delayMs: 50 });
    expect((await client().fineTuning.jobs.retrieve(id)).status).toBe('queued'); // answered late, still advanced
    const unauthorized = await failure(client().withOptions({ apiKey: 'sk-wrong' }).fineTuning.jobs.retrieve(id));
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await fetch(`${fake.url}/fine_tuning/jobs/${id}/checkpoints`, { headers: { authorization: `Bearer ${API_KEY}` } })).status).toBe(404);
  });
});
