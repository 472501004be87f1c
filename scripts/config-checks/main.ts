// `npm run check:config`: every config check of the project (the list is in index.ts, beside this file),
// on this repo, or on another copy of the tree with `-- --root DIR`. Prints one line per
// check and the reasons for each failure; exits 1 if any failed, so CI and `npm test` stop.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHECK_NAMES, ensureTools, PROJECT_ROOT, runConfigChecks } from './index.js';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const root = values.root === undefined ? PROJECT_ROOT : path.resolve(values.root);

const started = performance.now();
try {
  await ensureTools();
} catch (error) {
  console.error(`check:config cannot run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const results = await runConfigChecks({ root });
// The checks run concurrently, so each time is that check's own wall time, not a share of the total.
const width = Math.max(...CHECK_NAMES.map((name) => name.length));
for (const result of results) {
  const mark = result.ok ? 'ok  ' : 'FAIL';
  console.log(`${mark}  ${result.name.padEnd(width)}  ${(result.durationMs / 1000).toFixed(2)} s  (${result.checked})`);
  if (!result.ok) console.log(result.details.replace(/^/gm, '      '));
}
const failed = results.filter((result) => !result.ok);
const total = ((performance.now() - started) / 1000).toFixed(2);
if (failed.length > 0) {
  console.error(`\ncheck:config: ${failed.length} of ${results.length} checks failed (${total} s)`);
  process.exitCode = 1;
} else {
  console.log(`\ncheck:config: all ${results.length} checks passed (${total} s)`);
}
