import type { FakeSlack } from '../../test/support/fake-slack/server';

/** Longer than the queue's max_batch_timeout (1 s), so a pending batch is not mistaken for quiet. */
const QUIET_MS = 3000;
const POLL_MS = 250;

/**
 * Waits until the fake Slack Web API has received no call for QUIET_MS: the
 * sign that the Worker's queue consumer has worked through its backlog.
 * Bounded by maxMs; says whether it went quiet and how long it waited.
 */
export async function waitForQuiet(fakeSlack: FakeSlack, maxMs: number): Promise<{ quiet: boolean; waitedMs: number }> {
  const started = performance.now();
  let count = fakeSlack.calls.length;
  let lastChange = started;
  while (performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = performance.now();
    if (fakeSlack.calls.length !== count) {
      count = fakeSlack.calls.length;
      lastChange = now;
    } else if (now - lastChange >= QUIET_MS) {
      return { quiet: true, waitedMs: now - started };
    }
  }
  return { quiet: false, waitedMs: performance.now() - started };
}
