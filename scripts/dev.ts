/**
 * npm run dev [-- --port 8787] [--allow-origin ORIGIN]...: the whole loop on
 * one machine, no accounts. Creates .dev.vars with a local admin token on
 * first run, applies D1 migrations locally, starts `wrangler dev` on
 * 127.0.0.1, then syncs the bundled sample knowledge base (idempotent:
 * unchanged documents are skipped on later runs).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { AdminClient, resolveAdminToken } from './lib/admin-client';
import { UsageError } from './lib/args';
import { collectFiles } from './lib/collect-files';
import { configuredVar, DEV_USAGE, mergedAllowedOrigins, parseDevOptions } from './lib/dev-options';
import { run, waitForHttp } from './lib/run';
import { syncDocuments } from './lib/sync-documents';

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
const wrangler = 'node_modules/.bin/wrangler';

async function main() {
  const { port, allowOrigins } = parseDevOptions(process.argv.slice(2), { PORT: process.env.PORT });
  const origin = `http://127.0.0.1:${port}`;
  await ensureDevVars();
  await run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local'], env);

  // Vectorize has no local simulation: search the vectors kept in D1 instead.
  const vars = ['--var', 'VECTOR_INDEX:d1'];
  // Extra embedding origins for this run only; --var outranks .dev.vars and wrangler.toml, so the configured ones are kept in the list.
  const origins = mergedAllowedOrigins(configuredVar('WEB_ALLOWED_ORIGINS', await readFile('.dev.vars', 'utf8'), await readFile('wrangler.toml', 'utf8')), allowOrigins);
  if (origins !== null) vars.push('--var', `WEB_ALLOWED_ORIGINS:${origins}`);
  const server = spawn(wrangler, ['dev', '--ip', '127.0.0.1', '--port', String(port), ...vars], { stdio: 'inherit', env });
  let alive = true;
  server.on('exit', (code) => {
    alive = false;
    process.exit(code ?? 0);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));

  await waitForHttp(`${origin}/healthz`, 90_000, () => alive);
  const token = await resolveAdminToken();
  if (!token) throw new Error('no ADMIN_TOKEN in the environment or .dev.vars');
  const client = new AdminClient(origin, token);
  for (const audience of ['internal', 'public'] as const) {
    const { files } = await collectFiles([`samples/knowledge/${audience}`]);
    const summary = await syncDocuments(client, files, {
      audience,
      idPrefix: `samples/${audience}/`,
      baseUrl: null,
      tags: ['sample'],
      prune: true,
      concurrency: 4,
    });
    console.log(`sample ${audience} knowledge: added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, removed ${summary.removed}`);
  }
  const previewKey = await devVar('WEB_PREVIEW_KEY');
  console.log(`\nCountersign is running at ${origin}`);
  console.log(`Web chat (staff preview while the channel is internal): ${origin}/chat?preview=${previewKey}`);
  console.log(`Review console: ${origin}/admin (sign in with the ADMIN_TOKEN in .dev.vars)`);
  if (origins !== null) console.log(`Sites that may embed the widget in this run (WEB_ALLOWED_ORIGINS): ${origins.split(',').join(', ')}`);
  console.log(`Try: curl -H "Authorization: Bearer $(grep ADMIN_TOKEN .dev.vars | cut -d'"' -f2)" "${origin}/admin/search?q=is+there+parking&audience=internal"\n`);
}

/** Local secrets, created on first run; keys added by newer versions are appended, existing ones kept. */
async function ensureDevVars(): Promise<void> {
  const wanted: Record<string, string> = {
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    WEB_SESSION_SECRET: randomBytes(32).toString('base64url'),
    WEB_PREVIEW_KEY: randomBytes(18).toString('base64url'),
  };
  const existing = existsSync('.dev.vars') ? await readFile('.dev.vars', 'utf8') : '# Local secrets for wrangler dev (never commit).\n';
  const missing = Object.keys(wanted).filter((name) => !new RegExp(`^${name}\\s*=`, 'm').test(existing));
  if (missing.length === 0) return;
  const lines = missing.map((name) => `${name}="${wanted[name]}"`).join('\n');
  await writeFile('.dev.vars', `${existing.replace(/\n?$/, '\n')}${lines}\n`, { mode: 0o600 });
  console.log(`.dev.vars: added ${missing.join(', ')}`);
}

async function devVar(name: string): Promise<string> {
  const text = await readFile('.dev.vars', 'utf8');
  return new RegExp(`^${name}\\s*=\\s*"?([^"\\n]+)"?`, 'm').exec(text)?.[1] ?? '';
}

main().catch((error: Error) => {
  console.error(`dev: ${error.message}`);
  if (error instanceof UsageError) console.error(DEV_USAGE);
  process.exit(error instanceof UsageError ? 2 : 1);
});
