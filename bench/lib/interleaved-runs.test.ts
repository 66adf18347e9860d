import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alternate, measureInterleaved } from './interleaved-runs';
import type { SignedRequest } from './signed-events';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback server that writes its name into a shared log for every request it answers. */
async function namedServer(name: string, log: string[], status = 200): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      log.push(name);
      response.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const makeRequests = (count: number): SignedRequest[] => Array.from({ length: count }, () => ({ body: 'x', headers: { 'content-length': '1' } }));

describe('alternate', () => {
  it('keeps the order on even rounds and reverses it on odd ones', () => {
    expect(alternate(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(alternate(['a', 'b', 'c'], 1)).toEqual(['c', 'b', 'a']);
    expect(alternate(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'c']);
  });
});

describe('measureInterleaved', () => {
  it('runs the targets in alternating rounds, splits the request budget over them, and pools each target', async () => {
    const log: string[] = [];
    const targets = [
      { name: 'a', url: await namedServer('a', log), pids: [] },
      { name: 'b', url: await namedServer('b', log, 503), pids: [] },
    ];
    const afterRuns: string[] = [];
    const figures = await measureInterleaved({
      targets: targets.map((target) => ({ ...target, afterRun: async () => void afterRuns.push(target.name) })),
      concurrency: 1,
      durationMs: 10_000,
      rounds: 3,
      maxRequests: 9,
      makeRequests,
    });
    // Three requests per target per round (one opens the connection); the order alternates: a b, b a, a b.
    const runs = log.join('').match(/(.)\1*/g);
    expect(runs).toEqual(['aaa', 'bbbbbb', 'aaaaaa', 'bbb']);
    expect(afterRuns).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    expect(figures.get('a')).toMatchObject({ requests: 6, errors: 0 });
    expect(figures.get('b')).toMatchObject({ requests: 9, errors: 9, errorKinds: { '503': 9 } });
    expect(figures.get('a')!.cpu.client_pct).not.toBeNull();
  });

  it('stops between runs when interrupted, returning what was measured', async () => {
    const log: string[] = [];
    const targets = [{ name: 'a', url: await namedServer('a', log), pids: [] }];
    let runs = 0;
    const figures = await measureInterleaved({
      targets: targets.map((target) => ({ ...target, afterRun: async () => void runs++ })),
      concurrency: 1,
      durationMs: 10_000,
      rounds: 5,
      maxRequests: 10,
      makeRequests,
      interrupted: () => runs >= 2,
    });
    expect(runs).toBe(2);
    expect(figures.get('a')!.requests).toBe(2);
  });
});
