// Copies the browser libraries the console loads into public/vendor/ (git-ignored),
// so Workers static assets serve them: pdf.js (unpdf's build) reads PDFs in the
// admin's browser, since the Worker bundles no PDF parser. Run by wrangler's
// [build] command, so `wrangler dev` and `wrangler deploy` always have it.
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';

const copies = [['node_modules/unpdf/dist/pdfjs.mjs', 'public/vendor/pdfjs.mjs']];

await mkdir('public/vendor', { recursive: true });
for (const [from, to] of copies) {
  const current = await readFile(to).catch(() => null);
  const wanted = await readFile(from);
  if (current?.equals(wanted)) continue;
  // Several local Workers may start at once (the test suites do): each writes its own
  // copy and renames it into place, so none of them ever serves a half-written file.
  const partial = `${to}.${process.pid}.partial`;
  await copyFile(from, partial);
  await rename(partial, to);
}
