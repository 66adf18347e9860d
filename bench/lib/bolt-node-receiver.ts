import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

export interface BoltNodeReceiverOptions {
  signingSecret: string;
  token: string;
  botUserId: string;
  botId: string;
  /** The fake Slack Web API: whatever the app calls stays on loopback. */
  slackApiUrl: string;
}

export interface BoltNodeReceiver {
  /** The events endpoint, e.g. http://127.0.0.1:PORT/slack/events. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The baseline: a minimal Bolt app on Bolt's own Node HTTP receiver, the way
 * Slack's documentation starts an app. Bolt verifies the signature, parses
 * the body and acknowledges Events API requests itself, before the listener
 * runs; the listener does nothing, so what is measured is Bolt's intake.
 */
export async function startBoltNodeReceiver(options: BoltNodeReceiverOptions): Promise<BoltNodeReceiver> {
  const app = new App({
    signingSecret: options.signingSecret,
    token: options.token,
    // No auth.test at start-up: no network call beyond the fake, and no wait.
    tokenVerificationEnabled: false,
    botUserId: options.botUserId,
    botId: options.botId,
    clientOptions: { slackApiUrl: options.slackApiUrl },
    // Info logging on every request would measure the console, not Bolt.
    logLevel: LogLevel.ERROR,
  });
  app.event('app_mention', async () => {});
  // Port 0: the OS picks a free port, so there is no race with another process.
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    stop() {
      stopped ??= (async () => {
        const closing = app.stop();
        // Keep-alive sockets from the load generator would otherwise hold close() open.
        server.closeAllConnections();
        await closing;
      })();
      return stopped;
    },
  };
}
