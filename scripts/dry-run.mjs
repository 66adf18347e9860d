// `wrangler deploy --dry-run`: proves the Worker bundles for deployment
// (offline, no account) and prints its size against Workers' limits.
import { spawnSync } from 'node:child_process';

const result = spawnSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', 'dist'], {
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
console.log(`build:check: bundle ${size[1]} KiB, gzip ${size[2]} KiB (Workers limit: 3 MiB gzip on Free, 10 MiB on Paid)`);
