// `promtool check metrics` lints a real scrape for naming problems (units, _total on counters
// only, ...). promtool comes from scripts/machine/fetch-prometheus-tools.sh; CI always has it.
// With the unit tests, not test/config: what it checks is the app's own exposition, started
// in-process by the unit helpers; promtool is only the judge.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PASSWORD } from '../../support/accounts.js';
import { request } from '../../support/http.js';
import { startTestSite, type TestSite } from '../../support/site.js';

const promtool = fileURLToPath(new URL('../../../../.tools/bin/promtool', import.meta.url));
const missing = !existsSync(promtool);
if (missing && process.env.CI) {
  throw new Error(`${promtool} is missing; CI must run scripts/machine/fetch-prometheus-tools.sh before the unit tests`);
}
if (missing) {
  console.warn(`\n*** SKIPPING promtool check metrics: ${promtool} is missing. Run: bash scripts/machine/fetch-prometheus-tools.sh ***\n`);
}

describe(
  'promtool check metrics',
  { skip: missing ? 'promtool is missing (bash scripts/machine/fetch-prometheus-tools.sh)' : false },
  () => {
    let site: TestSite;
    before(async () => {
      site = await startTestSite();
      // Fill in the labelled series too: HTTP metrics for a few routes and statuses.
      await request(site.url, 'POST', '/api/accounts', { json: { username: 'lint_user', email: 'lint@example.test', password: PASSWORD } });
      await request(site.url, 'POST', '/api/accounts', { json: { username: 'x' } });
      await request(site.url, 'GET', '/no/such/page');
    });
    after(() => site.close());

    test("reports no problems on the app's real /metrics output", async () => {
      const exposition = await site.scrape();
      assert.match(exposition, /http_requests_total\{method="POST",route="\/api\/accounts",status_code="201"\} 1/);
      const result = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
      assert.equal(result.error, undefined);
      assert.equal(`${result.stdout}${result.stderr}`.trim(), '', 'promtool printed problems');
      assert.equal(result.status, 0);
    });
  },
);
