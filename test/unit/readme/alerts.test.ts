// Every alert's runbook_url opens a README section, and the README's alert table says what the
// rules and the route tests say: each alert once, with its severity, its `for` and its receiver.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { codeSpans, headingAnchors, markedTables, readRepoFile, tableRows } from './markdown.js';

interface AlertRule {
  alert: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface RouteCase {
  labels: Record<string, string>;
  receivers: string[];
}

const RULES_DIR = 'prometheus/rules';

function alertRules(): Array<AlertRule & { file: string }> {
  return readdirSync(new URL(`../../../${RULES_DIR}/`, import.meta.url))
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .flatMap((file) => {
      const { groups } = parse(readRepoFile(`${RULES_DIR}/${file}`)) as { groups: Array<{ rules: Array<Partial<AlertRule>> }> };
      return groups
        .flatMap((group) => group.rules)
        .filter((rule): rule is AlertRule => typeof rule.alert === 'string')
        .map((rule) => ({ ...rule, file }));
    });
}

const readme = readRepoFile('README.md');
const anchors = headingAnchors(readme);
const rules = alertRules();

describe('README runbooks', () => {
  test('the rules define alerts at all', () => {
    assert.ok(rules.length >= 7, `expected the seven alerts of prometheus/rules, found ${rules.length}`);
  });

  for (const rule of rules) {
    test(`${rule.alert}'s runbook_url opens a README heading`, () => {
      const url = rule.annotations?.runbook_url;
      assert.ok(url, `${RULES_DIR}/${rule.file}: ${rule.alert} has no runbook_url`);
      const anchor = new URL(url).hash.slice(1);
      assert.equal(
        anchor,
        `runbook-${rule.alert.toLowerCase()}`,
        `${rule.alert}'s runbook_url should end in #runbook-${rule.alert.toLowerCase()}`,
      );
      assert.ok(anchors.has(anchor), `README.md has no heading whose anchor is #${anchor} (e.g. "### Runbook: ${rule.alert}")`);
    });
  }

  test('every runbook in the README belongs to an alert that exists', () => {
    const alerts = new Set(rules.map((rule) => rule.alert.toLowerCase()));
    const stale = [...anchors.keys()].filter((anchor) => anchor.startsWith('runbook-') && !alerts.has(anchor.slice('runbook-'.length)));
    assert.deepEqual(stale, [], 'README.md has runbooks for alerts no rule defines');
  });
});

describe("README's alert table", () => {
  const tables = markedTables(readme, 'alerts');
  const routeCases = parse(readRepoFile('alertmanager/tests/routes.yaml')) as RouteCase[];

  test('there is one, listing every alert once', () => {
    assert.equal(tables.length, 1, 'README.md should have one table marked <!-- alerts: prometheus/rules -->');
    const listed = tableRows(tables[0].body).map((row) => codeSpans(row.Alert ?? '')[0]);
    assert.deepEqual([...listed].sort(), rules.map((rule) => rule.alert).sort());
  });

  for (const row of tables.length === 1 ? tableRows(tables[0].body) : []) {
    const name = codeSpans(row.Alert ?? '')[0] ?? row.Alert;
    // An SLO alert has one name and two rules, a page and a ticket: the row's severity picks the rule.
    const [severity] = codeSpans(row.Severity ?? '');
    test(`${name} (${severity}): severity, for and receiver as configured`, () => {
      const named = rules.filter((candidate) => candidate.alert === name);
      const rule = named.length === 1 ? named[0] : named.find((candidate) => candidate.labels?.severity === severity);
      assert.ok(rule, `README lists ${name} with severity ${severity}, which no rule defines`);
      assert.deepEqual(codeSpans(row.Severity ?? ''), [rule.labels?.severity], `${name}'s severity`);
      assert.deepEqual(codeSpans(row.For ?? ''), [rule.for], `${name}'s for`);
      const routed = routeCases.find(
        (routeCase) => routeCase.labels.alertname === name && (named.length === 1 || routeCase.labels.severity === rule.labels?.severity),
      );
      assert.ok(routed, `alertmanager/tests/routes.yaml has no case for ${name}`);
      assert.deepEqual(codeSpans(row.Receiver ?? ''), routed.receivers, `${name}'s receiver`);
    });
  }
});
