// `wrangler deploy --dry-run`: proves the Worker bundles for deployment
// (offline, no account), prints its raw and gzip size and the ten inputs that
// take the most of it (from esbuild's metafile), and fails over the budget.
// Workers loads the whole script on every cold start, and Slack's 3-second
// deadline includes that, so the budget is far below Workers' own limits.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The upload budget, gzip, in KiB (issue 15). */
const BUDGET_GZIP_KIB = 300;
const OUT_DIR = 'dist';
const METAFILE = `${OUT_DIR}/bundle-meta.json`;

const result = spawnSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', OUT_DIR, '--metafile', METAFILE], {
  encoding: 'utf8',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
if (result.status !== 0 || !size) {
  process.stderr.write(output);
  console.error('build:check: wrangler deploy --dry-run failed');
  process.exit(result.status || 1);
}
const [raw, gzip] = [Number(size[1]), Number(size[2])];

console.log(`build:check: bundle ${raw} KiB raw, ${gzip} KiB gzip (budget: ${BUDGET_GZIP_KIB} KiB gzip; Workers' limit: 3 MiB gzip on Free, 10 MiB on Paid)`);
console.log('largest inputs (bytes each puts in the minified bundle):');
for (const [input, bytes] of largestInputs(JSON.parse(readFileSync(METAFILE, 'utf8')), 10)) {
  console.log(`  ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${input}`);
}
if (gzip > BUDGET_GZIP_KIB) {
  console.error(`build:check: ${gzip} KiB gzip is over the ${BUDGET_GZIP_KIB} KiB budget: see the largest inputs above`);
  process.exit(1);
}

/** Inputs by the bytes they contribute to the JavaScript outputs, largest first. */
function largestInputs(metafile, count) {
  const bytes = new Map();
  for (const [name, output] of Object.entries(metafile.outputs)) {
    if (name.endsWith('.map')) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) bytes.set(input, (bytes.get(input) ?? 0) + bytesInOutput);
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, count);
}
