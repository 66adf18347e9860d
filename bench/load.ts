/**
 * npm run bench:load -- [--steps 4,16,64,256] [--seconds 10] [--timeout-seconds 60] [--json] [--keep-logs]
 *
 * A sustained mixed workload on a local Worker at rising concurrency: in each
 * step, half the users mention the bot in Slack (signed app_mention events
 * to POST /slack/events; the reply is the bot's post in the thread, seen by
 * the fake Slack Web API) and half chat on the web (POST a message; the reply
 * is pushed on the conversation's WebSocket). Every user asks, waits for the
 * reply, and asks again, for --seconds; the concurrency is the number of
 * questions in flight. The Worker is the deployable bundle in workerd
 * (Miniflare) with D1, Durable Objects and the work queue with its consumer;
 * the model is the zero-latency fake OpenAI server. Per step: replies per
 * second, p50/p99 of the acknowledgement (Slack: the HTTP 200; web: the 202)
 * and of the reply, errors, and lost (no reply within the timeout) and
 * duplicated replies (more than one per question), which must be 0 (exit
 * code 3 otherwise). The knee, where latency bends, is the first step whose
 * reply p99 is more than twice the previous step's.
 */
import { parseArgs, UsageError } from '../scripts/lib/args';
import { countKind, countsText, kneeIndex, type Latency, latency, latencyText, mapLimit, round, sumCounts, table } from './lib/load-figures';
import { WEB_QUESTIONS } from './lib/load-fixtures';
import { BENCH_SLACK, BENCH_WEB_LIMITS, type LoadSetup, startLoadSetup } from './lib/load-setup';
import { countThreadReplies, SlackReplyWatcher, SlackUser } from './lib/load-slack';
import { describeMachine, type Machine, machineLine } from './lib/report-machine';
import { WebChatClient } from './lib/webchat-client';
import { countReplies, WebChatUser } from './lib/webchat-user';

const MAX_USERS = 256;
const OPEN_PARALLEL = 16;
/** After a step, how long late or duplicated replies are given to show up before they are counted. */
const GRACE_MS = 3000;

interface Step {
  users: number;
  slack_users: number;
  web_users: number;
  /** From the first question to the last reply (or timeout) of the step. */
  seconds: number;
  questions: { slack: number; web: number };
  replies_per_second: number;
  ack: { slack: Latency; web: Latency };
  reply: { all: Latency; slack: Latency; web: Latency };
  /** Refused or failed requests by kind, and web conversations that could not be opened. */
  errors: Record<string, number>;
  lost: { slack: number; web: number };
  duplicated: { slack: number; web: number };
  /** Replies that were holding messages (the question went to staff review) rather than answers. */
  held_for_review: number;
  /** Chat completions the fake model served in the step (with its grace period): one per question drafted. */
  model_calls: number;
  worker_log_events: Record<string, number>;
}

interface Context {
  setup: LoadSetup;
  watcher: SlackReplyWatcher;
  client: WebChatClient;
  timeoutMs: number;
}

const USAGE = `usage: npm run bench:load -- [--steps 4,16,64,256] [--seconds 10] [--timeout-seconds 60] [--json] [--keep-logs]

A mixed Slack and web chat load at rising concurrency on a local Worker: per step, replies/s,
acknowledgement and reply latency p50/p99, lost and duplicated replies, and the knee.

  --steps LIST          users per step, comma-separated (default 4,16,64,256)
  --seconds N           seconds per step, 1 to 600 (default 10)
  --timeout-seconds N   how long to wait for a reply, 1 to 600 (default 60)
  --json                print the figures as JSON
  --keep-logs           keep the Worker's log files
  --help                this text`;

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    steps: { type: 'string' },
    seconds: { type: 'number' },
    'timeout-seconds': { type: 'number' },
    json: { type: 'boolean' },
    'keep-logs': { type: 'boolean' },
  }, USAGE);
  const steps = parseSteps((options.steps as string | undefined) ?? '4,16,64,256');
  const seconds = (options.seconds as number | undefined) ?? 10;
  if (!(seconds >= 1 && seconds <= 600)) throw new UsageError('--seconds must be from 1 to 600');
  const timeoutSeconds = (options['timeout-seconds'] as number | undefined) ?? 60;
  if (!(timeoutSeconds >= 1 && timeoutSeconds <= 600)) throw new UsageError('--timeout-seconds must be from 1 to 600');
  const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  let setup: LoadSetup | undefined;
  let watcher: SlackReplyWatcher | undefined;
  try {
    setup = await startLoadSetup({ slack: true, keepLogs: options['keep-logs'] === true, say });
    if (options['keep-logs']) say(`Worker log: ${setup.worker.logPath}`);
    say(`sample question through POST /admin/answer: ${setup.sample.decision}, confidence ${setup.sample.confidence}`);
    watcher = new SlackReplyWatcher(setup.fakeSlack!, BENCH_SLACK.channel);
    const context: Context = { setup, watcher, client: new WebChatClient(setup.worker.origin), timeoutMs: timeoutSeconds * 1000 };

    // Not measured: the first questions pay for compiling code and opening databases.
    await runStep(context, 4, 2);
    const results: Step[] = [];
    for (const users of steps) {
      say(`\n${users} users (${Math.floor(users / 2)} Slack + ${users - Math.floor(users / 2)} web) for ${seconds} s ...`);
      const step = await runStep(context, users, seconds);
      results.push(step);
      for (const line of stepLines(step)) say(line);
    }
    const knee = kneeIndex(results.map((step) => (step.reply.all.count > 0 ? step.reply.all.p99_ms : null)));
    const machine = describeMachine();
    report(results, knee, seconds, timeoutSeconds, machine, say);
    if (options.json) {
      console.log(JSON.stringify({ seconds_per_step: seconds, timeout_s: timeoutSeconds, steps: results, knee_users: knee === null ? null : results[knee]!.users, limits: BENCH_WEB_LIMITS, machine }));
    }
    const broken = results.some((step) => step.lost.slack + step.lost.web + step.duplicated.slack + step.duplicated.web > 0);
    if (broken) process.exitCode = 3;
  } finally {
    watcher?.detach();
    await setup?.stop();
  }
}

async function runStep(context: Context, users: number, seconds: number): Promise<Step> {
  const { setup, watcher, client, timeoutMs } = context;
  const fakeSlack = setup.fakeSlack!;
  const slackCount = Math.floor(users / 2);
  const webCount = users - slackCount;
  const errors: Record<string, number> = {};
  const web = await mapLimit(Array.from({ length: webCount }), OPEN_PARALLEL, () => WebChatUser.open(client));
  const conversations = [...web];
  const slack = Array.from({ length: slackCount }, () => new SlackUser(`${setup.worker.origin}/slack/events`, BENCH_SLACK.signingSecret, fakeSlack, watcher));
  const logBefore = await setup.worker.logEvents();
  const modelCallsBefore = setup.model.chatCalls();
  const ack = { slack: [] as number[], web: [] as number[] };
  const reply = { slack: [] as number[], web: [] as number[] };
  const lost = { slack: 0, web: 0 };
  let held = 0;

  const started = performance.now();
  const deadline = started + seconds * 1000;
  const slackLoop = async (user: SlackUser) => {
    while (performance.now() < deadline) {
      setup.model.expect(1);
      const outcome = await user.ask(timeoutMs);
      if (outcome.ackMs !== null) ack.slack.push(outcome.ackMs);
      if (outcome.ok) reply.slack.push(outcome.replyMs);
      else if (outcome.error === 'timeout') lost.slack += 1;
      else countKind(errors, `slack ${outcome.error}`);
    }
  };
  const webLoop = async (first: WebChatUser, index: number) => {
    let user = first;
    for (let question = 0; performance.now() < deadline; question++) {
      setup.model.expect(1);
      const outcome = await user.ask(WEB_QUESTIONS[(index + question) % WEB_QUESTIONS.length]!, timeoutMs);
      if (outcome.ackMs !== null) ack.web.push(outcome.ackMs);
      if (outcome.ok) {
        reply.web.push(outcome.replyMs);
        if (outcome.kind === 'holding') held += 1;
        continue;
      }
      if (outcome.error === 'timeout') lost.web += 1;
      else countKind(errors, `web ${outcome.error}`);
      // What follows in this conversation could not be told apart from a late reply: a new one.
      try {
        user = await WebChatUser.open(client);
        conversations.push(user);
      } catch (error) {
        countKind(errors, `web session ${(error as Error).message}`);
        return;
      }
    }
  };
  await Promise.all([...slack.map(slackLoop), ...web.map(webLoop)]);
  const elapsed = (performance.now() - started) / 1000;

  await new Promise((resolve) => setTimeout(resolve, GRACE_MS));
  const stored = await mapLimit(conversations, OPEN_PARALLEL, (user) => user.history().then(countReplies));
  const threads = countThreadReplies(
    slack.flatMap((user) => user.asked),
    fakeSlack.messages(BENCH_SLACK.channel),
    BENCH_SLACK.botUserId,
  );
  for (const user of conversations) user.close();
  const logAfter = await setup.worker.logEvents();
  fakeSlack.reset();
  const replies = reply.slack.length + reply.web.length;
  return {
    users,
    slack_users: slackCount,
    web_users: webCount,
    seconds: round(elapsed),
    questions: { slack: slack.reduce((sum, user) => sum + user.asked.length, 0), web: conversations.reduce((sum, user) => sum + user.asked.length, 0) },
    replies_per_second: elapsed > 0 ? round(replies / elapsed) : 0,
    ack: { slack: latency(ack.slack), web: latency(ack.web) },
    reply: { all: latency([...reply.slack, ...reply.web]), slack: latency(reply.slack), web: latency(reply.web) },
    errors,
    lost,
    duplicated: { slack: threads.duplicates, web: stored.reduce((sum, count) => sum + count.duplicates, 0) },
    held_for_review: held + (threads.kinds.holding ?? 0),
    model_calls: setup.model.chatCalls() - modelCallsBefore,
    worker_log_events: Object.fromEntries(
      Object.entries(logAfter)
        .map(([event, count]): [string, number] => [event, count - (logBefore[event] ?? 0)])
        .filter(([, count]) => count > 0),
    ),
  };
}

function stepLines(step: Step): string[] {
  const questions = step.questions.slack + step.questions.web;
  return [
    `  ${questions} questions (${step.questions.slack} Slack, ${step.questions.web} web) in ${step.seconds} s: ${step.replies_per_second} replies/s`,
    `  acknowledgement  Slack ${latencyText(step.ack.slack)}   web ${latencyText(step.ack.web)}`,
    `  reply            all ${latencyText(step.reply.all)}   Slack ${latencyText(step.reply.slack)}   web ${latencyText(step.reply.web)}`,
    `  errors ${sumCounts(step.errors)} (${countsText(step.errors)})   lost ${step.lost.slack + step.lost.web} (Slack ${step.lost.slack}, web ${step.lost.web})   ` +
      `duplicated ${step.duplicated.slack + step.duplicated.web} (Slack ${step.duplicated.slack}, web ${step.duplicated.web})   held for review ${step.held_for_review}`,
    `  model calls ${step.model_calls} for ${questions} questions   Worker log events: ${countsText(step.worker_log_events)}`,
  ];
}

function report(steps: Step[], knee: number | null, seconds: number, timeoutSeconds: number, machine: Machine, say: (line: string) => void): void {
  say('');
  say(`Mixed load, ${seconds} s per step: half the users mention the bot in Slack, half chat on the web; each asks, waits for the reply (at most ${timeoutSeconds} s), asks again`);
  const pair = (figures: Latency) => (figures.count === 0 ? 'n/a' : `${figures.p50_ms} / ${figures.p99_ms}`);
  const rows = steps.map((step) => [
    step.users,
    step.replies_per_second,
    pair(step.ack.slack),
    pair(step.ack.web),
    pair(step.reply.all),
    pair(step.reply.slack),
    pair(step.reply.web),
    sumCounts(step.errors),
    step.lost.slack + step.lost.web,
    step.duplicated.slack + step.duplicated.web,
  ]);
  const header = ['users', 'replies/s', 'Slack ack p50 / p99 ms', 'web ack p50 / p99 ms', 'reply p50 / p99 ms', 'Slack reply', 'web reply', 'errors', 'lost', 'duplicated'];
  for (const line of table(header, rows)) say(line);
  say(
    knee === null
      ? 'knee: none within these steps (no step has a reply p99 more than twice the previous step\'s)'
      : `knee: ${steps[knee]!.users} users (reply p99 ${steps[knee]!.reply.all.p99_ms} ms, more than twice the ${steps[knee - 1]?.reply.all.p99_ms ?? 'n/a'} ms of the step before)`,
  );
  say(
    'Set-up: the deployable bundle in workerd (Miniflare) with D1, Durable Objects and the work queue with its consumer (its batch ' +
      'settings as in wrangler.toml); zero-latency fake OpenAI model and embeddings; fake Slack Web API in this process; loopback HTTP and WebSockets. ' +
      `Web rate limits raised for the benchmark: WEB_RATE_PER_SESSION=${BENCH_WEB_LIMITS.WEB_RATE_PER_SESSION}, WEB_RATE_PER_IP=${BENCH_WEB_LIMITS.WEB_RATE_PER_IP} (per minute), ` +
      `WEB_MAX_HISTORY=${BENCH_WEB_LIMITS.WEB_MAX_HISTORY}.`,
  );
  say(`Machine: ${machineLine(machine)}`);
}

function parseSteps(value: string): number[] {
  const steps = value.split(',').map((part) => Number(part.trim()));
  if (steps.length === 0 || steps.some((users) => !Number.isInteger(users) || users < 2 || users > MAX_USERS) || steps.some((users, i) => i > 0 && users <= steps[i - 1]!)) {
    throw new UsageError(`--steps must be rising integers from 2 to ${MAX_USERS}, e.g. 4,16,64`);
  }
  return steps;
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
