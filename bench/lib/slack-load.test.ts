import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignedRequest } from './signed-events';
import { loadFigures, runLoad } from './slack-load';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback server answering with the status the request body asks for, and recording the bodies. */
async function statusServer(): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(Number(body) || 200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, bodies };
}

const requests = (...statuses: number[]): SignedRequest[] =>
  statuses.map((status) => ({ body: String(status), headers: { 'content-type': 'text/plain', 'content-length': String(String(status).length) } }));

describe('runLoad', () => {
  it('sends each request once, times all but each sender’s first, and counts non-200 answers as errors by status', async () => {
    const server = await statusServer();
    // Two senders: their first requests (200, 503) open the connections and are not timed; the 503 still counts.
    const sample = await runLoad({ url: server.url, requests: requests(200, 503, 200, 200, 401, 200), concurrency: 2, durationMs: 5000 });
    expect(server.bodies.sort()).toEqual(['200', '200', '200', '200', '401', '503']);
    expect(sample.latencies).toHaveLength(3);
    expect(sample.errorKinds).toEqual({ '503': 1, '401': 1 });
    expect(sample.latencies.every((ms) => ms > 0 && ms < 5000)).toBe(true);
  });

  it('stops at the deadline even with requests left', async () => {
    const server = await statusServer();
    const sample = await runLoad({ url: server.url, requests: requests(...Array.from({ length: 100_000 }, () => 200)), concurrency: 1, durationMs: 100 });
    expect(server.bodies.length).toBeLessThan(100_000);
    expect(sample.seconds).toBeLessThan(2);
  });

  it('counts a refused connection as an error, and refuses anything but loopback', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const sample = await runLoad({ url: `http://127.0.0.1:${port}/`, requests: requests(200, 200), concurrency: 1, durationMs: 1000 });
    expect(sample.errorKinds).toEqual({ ECONNREFUSED: 2 });
    await expect(runLoad({ url: 'http://example.com/', requests: [], concurrency: 1, durationMs: 1 })).rejects.toThrow(/loopback only/);
  });
});

describe('loadFigures', () => {
  it('pools runs: percentiles over all latencies, errors added up, rate over the summed time', () => {
    const first = { latencies: [1, 2, 3, 4, 5], errorKinds: { '503': 1 }, seconds: 1 };
    const second = { latencies: [6, 7, 8, 9, 100], errorKinds: { '503': 1, timeout: 2 }, seconds: 1 };
    expect(loadFigures([first, second])).toEqual({
      requests: 14,
      p50_ms: 5,
      p90_ms: 9,
      p99_ms: 100,
      p999_ms: 100,
      max_ms: 100,
      rps: 5,
      errors: 4,
      errorKinds: { '503': 2, timeout: 2 },
    });
  });
});
