import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * wrangler.toml's [alias] table as absolute paths, for the workerd test
 * projects: they build the Worker with Vite, which does not read it, and the
 * tests must load the same stubs the deployed bundle does (or they would not
 * prove the stubs are enough). A line parser, because the table is flat:
 * `"package" = "./path"` lines up to the next table header.
 */
export function wranglerAliases(configUrl: URL): Record<string, string> {
  const aliases: Record<string, string> = {};
  let inAlias = false;
  for (const line of readFileSync(configUrl, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) {
      inAlias = trimmed === '[alias]';
      continue;
    }
    const entry = inAlias ? /^"([^"]+)"\s*=\s*"([^"]+)"/.exec(trimmed) : null;
    if (entry) aliases[entry[1]!] = fileURLToPath(new URL(entry[2]!, configUrl));
  }
  if (Object.keys(aliases).length === 0) throw new Error('wrangler.toml has no [alias] entries');
  return aliases;
}
