import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 and a free port, for the fake OpenAI and
 * Slack servers: collects each request body, hands it to `handle`, turns a
 * crash of the fake into a loud 500 (never a hung test), and closes at once,
 * keep-alive sockets and held responses included.
 */
export interface LoopbackServer {
  port: number;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
  onCrash: (res: ServerResponse, error: unknown) => void,
  beforeClose: () => void = () => {},
): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(parts));
      } catch (error) {
        if (!res.headersSent) onCrash(res, error);
        else res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        beforeClose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
