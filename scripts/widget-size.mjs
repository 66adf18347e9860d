// Prints the web chat widget's size, raw and gzipped (what a visitor downloads):
// widget.js and the Markdown parser it imports (markdown.js), and fails when
// their gzipped total passes the budget.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 16 * 1024;
const FILES = ['widget.js', 'markdown.js'];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let total = 0;
for (const name of FILES) {
  const source = await readFile(new URL(`../public/${name}`, import.meta.url));
  const gzipped = gzipSync(source, { level: 9 }).length;
  total += gzipped;
  console.log(`public/${name}: ${source.length} bytes raw (${kb(source.length)}), ${gzipped} bytes gzipped (${kb(gzipped)})`);
}
console.log(`widget total: ${total} bytes gzipped (${kb(total)}); budget ${BUDGET_BYTES} bytes gzipped`);
if (total > BUDGET_BYTES) {
  console.error(`the widget is ${total - BUDGET_BYTES} bytes over its gzip budget`);
  process.exitCode = 1;
}
