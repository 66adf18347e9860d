import type { App, Receiver, ReceiverEvent } from '@slack/bolt';

/** Slack wants an HTTP answer within 3 s; a listener that has not acked by then gets an empty 200. */
const ACK_TIMEOUT_MS = 2500;

/**
 * A Bolt receiver for the Workers runtime: Bolt never starts a server of its
 * own. The Hono route verifies the signature and hands the parsed body here;
 * the listener's ack() becomes the HTTP response at once, and the rest of the
 * listener keeps running under `waitUntil`.
 */
export class WorkerReceiver implements Receiver {
  private app: App | null = null;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  dispatch(body: Record<string, unknown>, waitUntil: (promise: Promise<unknown>) => void, retry?: { num?: number; reason?: string }): Promise<unknown> {
    const app = this.app;
    if (!app) throw new Error('WorkerReceiver used before Bolt initialised it');
    let acked = false;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        acked = true;
        resolve('');
      }, ACK_TIMEOUT_MS);
      const event: ReceiverEvent = {
        body,
        ...(retry?.num !== undefined ? { retryNum: retry.num } : {}),
        ...(retry?.reason !== undefined ? { retryReason: retry.reason } : {}),
        ack: async (response) => {
          if (acked) return;
          acked = true;
          clearTimeout(timer);
          resolve(response ?? '');
        },
      };
      const processing = app.processEvent(event).then(
        () => {
          if (!acked) {
            clearTimeout(timer);
            acked = true;
            resolve('');
          }
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!acked) {
            acked = true;
            reject(error);
          }
        },
      );
      waitUntil(processing);
    });
  }
}
