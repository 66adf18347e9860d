/**
 * npm run bench:startup -- [--runs 3] [--json]
 *
 * Startup CPU of the Worker: `wrangler check startup` builds the deployable
 * bundle, starts it in workerd and writes a CPU profile of the startup
 * phase; the figure is the time of its samples that are not idle (see
 * bench/lib/startup-profile.ts). The same is measured, in the same run and
 * alternating with it, for a minimal Hono Worker (one route, built with the
 * same compatibility date and flags), and the ratio of the medians is the
 * result: the machine's speed and load cancel out of it. Target (issue 15):
 * no more than 3x. Profiles land in .tmp/startup/.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs, UsageError } from '../scripts/lib/args';
import { type CpuProfile, median, startupCpu } from './lib/startup-profile';

const USAGE = `usage: npm run bench:startup -- [--runs 3] [--json]

  --runs N   profiles of each Worker, alternating; the median is reported (1 to 20, default 3)
  --json     print the figures as JSON
  --help     this text`;
const TARGET_RATIO = 3;
const DIR = path.resolve('.tmp/startup');
const run = promisify(execFile);

/** A Worker that is only Hono: the floor any Hono app pays at startup. */
async function writeMinimalWorker(): Promise<string> {
  const config = await readFile('wrangler.toml', 'utf8');
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(config)?.[1];
  const flags = /^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(config)?.[1] ?? '[]';
  if (!date) throw new Error('no compatibility_date in wrangler.toml');
  const folder = path.join(DIR, 'minimal-hono');
  await mkdir(folder, { recursive: true });
  // Inside the checkout, so `hono` resolves to this repository's copy.
  await writeFile(path.join(folder, 'index.ts'), "import { Hono } from 'hono';\n\nconst app = new Hono();\napp.get('/', (c) => c.text('ok'));\n\nexport default app;\n");
  await writeFile(path.join(folder, 'wrangler.toml'), `name = "minimal-hono"\nmain = "index.ts"\ncompatibility_date = "${date}"\ncompatibility_flags = ${flags}\nminify = true\n`);
  return path.join(folder, 'wrangler.toml');
}

async function profileStartup(name: string, index: number, configPath: string | null): Promise<ReturnType<typeof startupCpu>> {
  const outfile = path.join(DIR, `${name}-${index}.cpuprofile`);
  const args = ['check', 'startup', '--outfile', outfile, ...(configPath ? ['--config', configPath] : [])];
  await run('node_modules/.bin/wrangler', args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, maxBuffer: 16 * 1024 * 1024 });
  return startupCpu(JSON.parse(await readFile(outfile, 'utf8')) as CpuProfile);
}

async function main(): Promise<number> {
  const { options } = parseArgs(process.argv.slice(2), { runs: { type: 'number' }, json: { type: 'boolean' }, help: { type: 'boolean' } });
  if (options.help) {
    console.log(`${USAGE}\n\nStartup CPU (non-idle samples of \`wrangler check startup\`'s profile) of the Worker and of a minimal Hono\nWorker, alternating, median of --runs each, and their ratio (target: at most ${TARGET_RATIO}x).`);
    return 0;
  }
  const runs = (options.runs as number | undefined) ?? 3;
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new UsageError('--runs must be 1 to 20');
  await mkdir(DIR, { recursive: true });
  const minimalConfig = await writeMinimalWorker();
  const worker: ReturnType<typeof startupCpu>[] = [];
  const minimal: ReturnType<typeof startupCpu>[] = [];
  for (let index = 0; index < runs; index++) {
    worker.push(await profileStartup('countersign', index, null));
    minimal.push(await profileStartup('minimal-hono', index, minimalConfig));
  }
  const workerMs = median(worker.map((figure) => figure.cpuMs));
  const minimalMs = median(minimal.map((figure) => figure.cpuMs));
  const ratio = workerMs / minimalMs;
  const met = ratio <= TARGET_RATIO;
  if (options.json) {
    console.log(JSON.stringify({ runs, workerCpuMs: worker.map((f) => f.cpuMs), minimalHonoCpuMs: minimal.map((f) => f.cpuMs), workerMedianMs: workerMs, minimalHonoMedianMs: minimalMs, ratio, targetRatio: TARGET_RATIO, met }, null, 2));
  } else {
    const list = (figures: ReturnType<typeof startupCpu>[]) => figures.map((f) => f.cpuMs.toFixed(1)).join(', ');
    console.log(`startup CPU (non-idle profile samples), median of ${runs} alternating runs:`);
    console.log(`  Countersign Worker  ${workerMs.toFixed(1)} ms  (runs: ${list(worker)})`);
    console.log(`  minimal Hono Worker ${minimalMs.toFixed(1)} ms  (runs: ${list(minimal)})`);
    console.log(`  ratio ${ratio.toFixed(2)}x (target: at most ${TARGET_RATIO}x): ${met ? 'met' : 'NOT met'}`);
    console.log('  where the Worker spent it (last run):');
    for (const [where, ms] of worker.at(-1)!.topUrls) console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${where}`);
  }
  return met ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`bench:startup: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
