// Prints one closing line over the vitest runs (unit in Node, integration and fault tests in
// workerd, end-to-end against wrangler dev, browser tests in Chromium), read from their JSON reports: "Tests: N passed, N failed".
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of ['.tmp/unit-results.json', '.tmp/workers-results.json', '.tmp/faults-results.json', '.tmp/e2e-results.json', '.tmp/browser-results.json']) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
if (passed === 0) {
  console.error('test-summary: no test ran');
  process.exit(1);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
