import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// Every npm script that runs a TypeScript command (they all take options), read from package.json
// so a new command is covered the day it is added. `eval` has its own help and its own tests.
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const commands = Object.entries(scripts)
  .filter(([name, command]) => /^tsx \S+\.ts$/.test(command) && name !== 'eval')
  .map(([name, command]) => ({ name, file: command.slice('tsx '.length) }));

async function runCommand(file: string, args: string[]) {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', [file, ...args], { env: { ...process.env, ADMIN_TOKEN: '' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('--help', () => {
  it('covers the commands users run', () => {
    expect(commands.map((command) => command.name)).toEqual(
      expect.arrayContaining(['dev', 'ingest', 'bench', 'bench:retrieval', 'bench:retrieval:scale', 'bench:engine', 'bench:slack', 'bench:webchat', 'bench:load', 'finetune']),
    );
  });

  it.each(commands)('npm run $name -- --help prints its usage and exits 0, doing nothing else', async ({ name, file }) => {
    const result = await runCommand(file, ['--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith(`usage: npm run ${name} -- `)).toBe(true);
    expect(result.stdout).toMatch(/--help\s|<export\|start/);
    expect(result.stderr).toBe('');
  }, 60_000);

  it('accepts -h, and help after a subcommand', async () => {
    const short = await runCommand('bench/retrieval.ts', ['-h']);
    expect(short.code).toBe(0);
    expect(short.stdout).toContain('--corpus DIR');
    const sub = await runCommand('scripts/finetune.ts', ['export', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('export [--url WORKER]');
  }, 60_000);

  it('still refuses an unknown option with exit 2', async () => {
    const typo = await runCommand('bench/retrieval.ts', ['--corpsu', 'x']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option --corpsu');
    const dev = await runCommand('scripts/dev.ts', ['--port', 'abc']);
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain('--port must be a number, got "abc"');
  }, 60_000);
});
