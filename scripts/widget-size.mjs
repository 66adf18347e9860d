// Prints the web chat widget's size, raw and gzipped (what a visitor downloads),
// and fails when the gzipped size passes the budget.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 16 * 1024;
const file = new URL('../public/widget.js', import.meta.url);
const source = await readFile(file);
const gzipped = gzipSync(source, { level: 9 }).length;

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`public/widget.js: ${source.length} bytes raw (${kb(source.length)}), ${gzipped} bytes gzipped (${kb(gzipped)}); budget ${BUDGET_BYTES} bytes gzipped`);
if (gzipped > BUDGET_BYTES) {
  console.error(`widget.js is ${gzipped - BUDGET_BYTES} bytes over its gzip budget`);
  process.exitCode = 1;
}
