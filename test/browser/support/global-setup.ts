import { chromiumMissing, chromiumPath } from './chromium';

/** Runs once before the browser tests: says plainly when they cannot run. */
export default function setup(): void {
  if (!chromiumMissing) return;
  if (process.env.CI) {
    throw new Error(`Chromium not found at ${chromiumPath}: browser tests cannot run in CI; install it with apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  console.log(`Chromium not found at ${chromiumPath}: browser tests skipped; install it with apt-get install -y chromium`);
}
