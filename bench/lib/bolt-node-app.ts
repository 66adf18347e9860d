import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

export interface BoltNodeAppOptions {
  signingSecret: string;
  token: string;
  botUserId: string;
  botId: string;
  /** The fake Slack Web API: whatever the app calls stays on loopback. */
  slackApiUrl: string;
}

/**
 * The baseline: a minimal Bolt app on Bolt's own Node HTTP receiver, the way
 * Slack's documentation starts an app. Bolt verifies the signature, parses
 * the body and acknowledges Events API requests itself, before the listener
 * runs; the listener does nothing, so what is measured is Bolt's intake.
 * Nothing is stored or queued. Runs in the process that calls it (see
 * bolt-node-receiver.ts, which gives it a process of its own).
 */
export async function startBoltNodeApp(options: BoltNodeAppOptions): Promise<{ port: number; stop(): Promise<void> }> {
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
  return {
    port,
    async stop() {
      const closing = app.stop();
      // Keep-alive sockets from the load generator would otherwise hold close() open.
      server.closeAllConnections();
      await closing;
    },
  };
}
