/**
 * npm run bench:webchat -- [--conversations 200] [--messages 3] [--timeout-seconds 60] [--json] [--keep-logs]
 *
 * Web chat end to end on a local Worker: N conversations at once, each a
 * customer who sends M messages over HTTP (POST /web/conversations/:id/messages)
 * one after another, each after the previous reply arrived on the
 * conversation's WebSocket. The Worker is the deployable bundle in workerd
 * (Miniflare) with D1, the Conversation Durable Objects and the work queue
 * with its consumer; the chat model is the zero-latency fake OpenAI server,
 * which gives a grounded reply, so replies are sent without review. Prints
 * replies per second, the latency of the POST (202) and of the reply (from
 * the start of the POST to the reply's frame on the WebSocket), p50/p99, and
 * the count of lost replies (none within the timeout) and duplicated ones
 * (more than one assistant message per question in the stored conversation),
 * which must both be 0: the exit code is 3 when they are not.
 */
import { parseArgs, UsageError } from '../scripts/lib/args';
import { countKind, countsText, type Latency, latency, latencyText, mapLimit, round, sumCounts } from './lib/load-figures';
import { WEB_QUESTIONS } from './lib/load-fixtures';
import { BENCH_WEB_LIMITS, type LoadSetup, startLoadSetup } from './lib/load-setup';
import { describeMachine, type Machine, machineLine } from './lib/report-machine';
import { WebChatClient } from './lib/webchat-client';
import { countReplies, WebChatUser } from './lib/webchat-user';

/** Sessions and sockets opened at a time while setting up (not measured). */
const OPEN_PARALLEL = 16;
/** Not measured: the first questions pay for compiling code and opening databases. */
const WARM_UP = { conversations: 4, messages: 2 };
/** After the last reply, how long a late or duplicated reply is given to show up before the conversations are read back. */
const GRACE_MS = 5000;

interface Figures {
  conversations: number;
  messages_per_conversation: number;
  questions_sent: number;
  replies: number;
  seconds: number;
  messages_per_second: number;
  ack: Latency;
  reply: Latency;
  lost: number;
  /** Of the lost replies, those in the stored conversation when it was read back (late, not missing). */
  lost_but_stored_later: number;
  duplicated: number;
  /** Assistant frames pushed while no question of that conversation was waiting. */
  unexpected_frames: number;
  /** Chat completions the fake model served during the measurement: more than the questions means some were drafted twice. */
  model_calls: number;
  errors: Record<string, number>;
  reply_kinds: Record<string, number>;
  sockets_closed: number;
  worker_log_events: Record<string, number>;
}

const USAGE = `usage: npm run bench:webchat -- [--conversations 200] [--messages 3] [--timeout-seconds 60] [--json] [--keep-logs]

Web chat end to end on a local Worker with a zero-latency fake model: N conversations at once,
M messages each; replies per second, POST and reply latency p50/p99, lost and duplicated replies.

  --conversations N     conversations at once, 1 to 2000 (default 200)
  --messages N          messages per conversation, 1 to 50 (default 3)
  --timeout-seconds N   how long to wait for a reply, 1 to 600 (default 60)
  --json                print the figures as JSON
  --keep-logs           keep the Worker's log files
  --help                this text`;

async function main() {
  const { options } = parseArgs(process.argv.slice(2), {
    conversations: { type: 'number' },
    messages: { type: 'number' },
    'timeout-seconds': { type: 'number' },
    json: { type: 'boolean' },
    'keep-logs': { type: 'boolean' },
  }, USAGE);
  const conversations = (options.conversations as number | undefined) ?? 200;
  if (!Number.isInteger(conversations) || conversations < 1 || conversations > 2000) throw new UsageError('--conversations must be an integer from 1 to 2000');
  const messages = (options.messages as number | undefined) ?? 3;
  if (!Number.isInteger(messages) || messages < 1 || messages > 50) throw new UsageError('--messages must be an integer from 1 to 50');
  const timeoutSeconds = (options['timeout-seconds'] as number | undefined) ?? 60;
  if (!(timeoutSeconds >= 1 && timeoutSeconds <= 600)) throw new UsageError('--timeout-seconds must be from 1 to 600');
  const say = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);

  let setup: LoadSetup | undefined;
  let users: WebChatUser[] = [];
  try {
    setup = await startLoadSetup({ slack: false, keepLogs: options['keep-logs'] === true, say });
    if (options['keep-logs']) say(`Worker log: ${setup.worker.logPath}`);
    say(`sample question through POST /admin/answer: ${setup.sample.decision}, confidence ${setup.sample.confidence}`);
    const client = new WebChatClient(setup.worker.origin);

    const warm = await mapLimit(Array.from({ length: WARM_UP.conversations }), OPEN_PARALLEL, () => WebChatUser.open(client));
    await Promise.all(
      warm.map(async (user, index) => {
        for (let message = 0; message < WARM_UP.messages && !user.abandoned; message++) {
          setup!.model.expect(1);
          await user.ask(WEB_QUESTIONS[(index + message) % WEB_QUESTIONS.length]!, timeoutSeconds * 1000);
        }
        user.close();
      }),
    );

    say(`opening ${conversations} conversations (session + WebSocket, ${OPEN_PARALLEL} at a time) ...`);
    const opening = performance.now();
    users = await mapLimit(Array.from({ length: conversations }), OPEN_PARALLEL, () => WebChatUser.open(client));
    say(`opened in ${round((performance.now() - opening) / 1000)} s; sending ${messages} messages in each ...`);

    const acks: number[] = [];
    const replies: number[] = [];
    const errors: Record<string, number> = {};
    const replyKinds: Record<string, number> = {};
    const modelCallsBefore = setup.model.chatCalls();
    let lastReplyAt = performance.now();
    const started = performance.now();
    await Promise.all(
      users.map(async (user, index) => {
        for (let message = 0; message < messages; message++) {
          setup!.model.expect(1);
          const outcome = await user.ask(WEB_QUESTIONS[(index + message) % WEB_QUESTIONS.length]!, timeoutSeconds * 1000);
          if (outcome.ackMs !== null) acks.push(outcome.ackMs);
          if (!outcome.ok) {
            // A refused or unanswered message ends the conversation: what follows could not be told apart.
            countKind(errors, outcome.error);
            return;
          }
          replies.push(outcome.replyMs);
          countKind(replyKinds, outcome.kind);
          lastReplyAt = performance.now();
        }
      }),
    );
    const seconds = (lastReplyAt - started) / 1000;

    await new Promise((resolve) => setTimeout(resolve, GRACE_MS));
    const stored = await mapLimit(users, OPEN_PARALLEL, (user) => user.history().then(countReplies));
    const timeouts = errors.timeout ?? 0;
    const storedUnanswered = stored.reduce((sum, count) => sum + count.unanswered, 0);
    const figures: Figures = {
      conversations,
      messages_per_conversation: messages,
      questions_sent: users.reduce((sum, user) => sum + user.asked.length, 0),
      replies: replies.length,
      seconds: round(seconds),
      messages_per_second: seconds > 0 ? round(replies.length / seconds) : 0,
      ack: latency(acks),
      reply: latency(replies),
      lost: timeouts,
      lost_but_stored_later: Math.max(0, timeouts - storedUnanswered),
      duplicated: stored.reduce((sum, count) => sum + count.duplicates, 0),
      unexpected_frames: users.reduce((sum, user) => sum + user.unexpectedReplies, 0),
      model_calls: setup.model.chatCalls() - modelCallsBefore,
      errors: Object.fromEntries(Object.entries(errors).filter(([kind]) => kind !== 'timeout')),
      reply_kinds: replyKinds,
      sockets_closed: users.filter((user) => user.socketClosed !== null).length,
      worker_log_events: await setup.worker.logEvents(),
    };
    const machine = describeMachine();
    report(figures, machine, timeoutSeconds, say);
    if (options.json) console.log(JSON.stringify({ ...figures, timeout_s: timeoutSeconds, limits: BENCH_WEB_LIMITS, machine }));
    if (figures.lost > 0 || figures.duplicated > 0) process.exitCode = 3;
  } finally {
    for (const user of users) user.close();
    await setup?.stop();
  }
}

function report(figures: Figures, machine: Machine, timeoutSeconds: number, say: (line: string) => void): void {
  say('');
  say(`Web chat: ${figures.conversations} conversations at once, ${figures.messages_per_conversation} messages each (each sent when the previous reply arrived)`);
  say(`  questions sent (202)        ${figures.questions_sent}`);
  say(`  replies on the WebSocket    ${figures.replies} (${countsText(figures.reply_kinds)})`);
  say(`  messages per second         ${figures.messages_per_second} (replies / ${figures.seconds} s, first POST to last reply)`);
  say(`  POST latency (to 202)       ${latencyText(figures.ack)}`);
  say(`  reply latency               ${latencyText(figures.reply)}, max ${figures.reply.max_ms} ms (start of the POST to the reply's frame)`);
  say(`  lost replies                ${figures.lost} (none within ${timeoutSeconds} s${figures.lost > 0 ? `; ${figures.lost_but_stored_later} of them stored later` : ''})`);
  say(`  duplicated replies          ${figures.duplicated} (stored conversations read back ${GRACE_MS / 1000} s after the last reply; unexpected frames: ${figures.unexpected_frames})`);
  say(`  refused or failed POSTs     ${sumCounts(figures.errors)} (${countsText(figures.errors)})`);
  say(`  model calls                 ${figures.model_calls} chat completions for ${figures.questions_sent} questions`);
  say(`  WebSockets closed early     ${figures.sockets_closed}`);
  say(`  Worker log events           ${countsText(figures.worker_log_events)}`);
  say(
    `Set-up: the deployable bundle in workerd (Miniflare) with D1, Durable Objects and the work queue with its consumer (its batch settings ` +
      `as in wrangler.toml); zero-latency fake OpenAI model and embeddings; loopback HTTP and WebSockets from this process. ` +
      `Rate limits raised for the benchmark: WEB_RATE_PER_SESSION=${BENCH_WEB_LIMITS.WEB_RATE_PER_SESSION}, WEB_RATE_PER_IP=${BENCH_WEB_LIMITS.WEB_RATE_PER_IP} ` +
      `(per minute), WEB_MAX_HISTORY=${BENCH_WEB_LIMITS.WEB_MAX_HISTORY}.`,
  );
  say(`Machine: ${machineLine(machine)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
