// The README's metrics catalogue against the real exporters: the app (startSiteProcess with a temp
// DATA_DIR and a private registry, as main.ts starts it) and the alert inbox, each scraped over
// HTTP on a loopback port 0. The catalogue must list exactly the `grapevine_*` and `http_*`
// families each one exports, with the same type and label names, no more, no less.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseExposition } from '../support/exposition.js';
import { startTestSite, type TestSite } from '../support/site.js';
import { startTestInbox, type TestInbox } from '../support/inbox.js';
import { codeSpans, markedTables, readRepoFile, REPO_ROOT, tableRows, type TableRow } from './markdown.js';

/** The families the catalogue is about; the runtime's nodejs_* and process_* are prom-client's. */
const CATALOGUED = /^(grapevine|http)_/;

interface Family {
  type: string;
  labels: string[];
}

/** Families by name from a text-format scrape, with the label names their samples carry. */
function exportedFamilies(exposition: string): Map<string, Family> {
  const families = new Map<string, Family & { sampled: boolean }>();
  for (const [, name = '', type = ''] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (CATALOGUED.test(name)) families.set(name, { type, labels: [], sampled: false });
  }
  const labels = new Map<string, Set<string>>();
  for (const sample of parseExposition(exposition)) {
    const name = families.has(sample.name) ? sample.name : sample.name.replace(/_(bucket|sum|count|created)$/, '');
    const family = families.get(name);
    if (family === undefined) continue;
    family.sampled = true;
    const names = labels.get(name) ?? new Set<string>();
    // `le` and `quantile` are the exposition format's, not the metric's.
    for (const label of Object.keys(sample.labels)) if (label !== 'le' && label !== 'quantile') names.add(label);
    labels.set(name, names);
  }
  const result = new Map<string, Family>();
  for (const [name, family] of families) {
    // Without a sample a family's label names are invisible; every family here should exist from start-up.
    assert.ok(family.sampled, `${name} is exported with no sample, so its labels cannot be read: create its series at start-up`);
    result.set(name, { type: family.type, labels: [...(labels.get(name) ?? [])].sort() });
  }
  return result;
}

function catalogue(which: 'app' | 'inbox'): TableRow[] {
  const tables = markedTables(readRepoFile('README.md'), 'catalogue').filter(({ argument }) => argument === which);
  assert.equal(tables.length, 1, `README.md should have exactly one table marked <!-- catalogue: ${which} -->`);
  return tableRows(tables[0].body);
}

function only(spans: string[], what: string, row: TableRow): string {
  assert.equal(spans.length, 1, `expected one ${what} in backticks in the catalogue row ${JSON.stringify(row)}`);
  return spans[0];
}

function assertCatalogueMatches(which: 'app' | 'inbox', exported: Map<string, Family>): void {
  const rows = catalogue(which);
  const listed = rows.map((row) => only(codeSpans(row.Metric ?? ''), 'metric name', row));
  const missing = [...exported.keys()].filter((name) => !listed.includes(name));
  const extra = listed.filter((name) => !exported.has(name));
  const repeated = listed.filter((name, index) => listed.indexOf(name) !== index);
  assert.deepEqual(
    { missing, extra, repeated },
    { missing: [], extra: [], repeated: [] },
    `the README's ${which} catalogue differs from ${which}'s /metrics (missing: exported but not listed; extra: listed but not exported)`,
  );

  for (const row of rows) {
    const name = only(codeSpans(row.Metric ?? ''), 'metric name', row);
    const family = exported.get(name)!;
    assert.equal(row.Type, family.type, `README: ${name} is listed as a ${row.Type}, but /metrics says ${family.type}`);
    assert.deepEqual(
      [...codeSpans(row.Labels ?? '')].sort(),
      family.labels,
      `README: the labels listed for ${name} are not the ones /metrics shows`,
    );
    assert.ok((row.Meaning ?? '').length > 10, `README: ${name} needs a meaning`);

    const definedIn = only(codeSpans(row['Defined in'] ?? ''), 'file', row);
    assert.ok(existsSync(path.join(REPO_ROOT, definedIn)), `README: ${name} is defined in ${definedIn}, which does not exist`);
    assert.ok(readRepoFile(definedIn).includes(`'${name}'`), `README: ${definedIn} does not name '${name}'`);

    // Every event the row says feeds the metric is emitted by a file the row names.
    const fedBy = codeSpans(row['Fed by'] ?? '');
    const sources = fedBy.filter((span) => span.endsWith('.ts'));
    for (const source of sources)
      assert.ok(existsSync(path.join(REPO_ROOT, source)), `README: ${name} is fed by ${source}, which does not exist`);
    for (const event of fedBy.filter((span) => /^grapevine(\.[a-z_]+)+$/.test(span))) {
      assert.ok(
        sources.some((source) => readRepoFile(source).includes(`emit('${event}'`)),
        `README: ${name} is fed by ${event}, but none of ${sources.join(', ') || '(no file)'} emits it`,
      );
    }
  }
}

describe('README metrics catalogue', () => {
  let site: TestSite;
  let inbox: TestInbox;
  before(async () => {
    [site, inbox] = await Promise.all([startTestSite(), startTestInbox()]);
    // One response, so the HTTP families have a series and show their label names.
    assert.equal((await fetch(`${site.url}/health/live`)).status, 200);
  });
  after(async () => {
    await Promise.all([site?.close(), inbox?.close()]);
  });

  test("lists exactly the app's grapevine_* and http_* metrics, with their types and labels", async () => {
    const families = exportedFamilies(await site.scrape());
    assert.ok(families.has('grapevine_accounts_create_total') && families.has('http_requests_total'), 'the scrape looks wrong');
    assertCatalogueMatches('app', families);
  });

  test("lists exactly the inbox's grapevine_* metrics, with their types and labels", async () => {
    const families = exportedFamilies(await (await fetch(`${inbox.url}/metrics`)).text());
    assert.ok(families.size > 0, 'the inbox exported no grapevine_* metric');
    assertCatalogueMatches('inbox', families);
  });
});
