// The SLO generator (scripts/slo) against Sloth itself: for Sloth's own example spec, the rules
// it generates are Sloth's published output for that spec, group for group and rule for rule
// (compared as parsed YAML: Sloth's line wrapping and quoting are not ours).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { generateRuleGroups } from '../../scripts/slo/rules.js';
import { parseServiceSpec, SloSpecError } from '../../scripts/slo/spec.js';
import { THIRTY_DAYS } from '../../scripts/slo/windows.js';

const fixture = (file: string) => readFile(new URL(`fixtures/sloth/${file}`, import.meta.url), 'utf8');

describe("the SLO generator matches Sloth's output", () => {
  test("for Sloth's kubernetes-apiserver example, every group and rule is Sloth's", async () => {
    const spec = parseServiceSpec(await fixture('kubernetes-apiserver.yml'), 'kubernetes-apiserver.yml');
    // What Sloth's examples script runs: `sloth generate --extra-labels cmd=examplesgen.sh`, version "dev", and no `for:`.
    const ours = generateRuleGroups(spec, THIRTY_DAYS, { extraLabels: { cmd: 'examplesgen.sh' }, version: 'dev', withFor: false });
    const sloths = (parse(await fixture('kubernetes-apiserver.sloth-gen.yml')) as { groups: unknown[] }).groups;
    assert.deepEqual(
      ours.map((group) => group.name),
      sloths.map((group) => (group as { name: string }).name),
    );
    // Rule by rule, so a failure names the one that differs.
    ours.forEach((group, g) => {
      const theirs = (sloths[g] as { rules: unknown[] }).rules;
      assert.equal(group.rules.length, theirs.length, `${group.name}: number of rules`);
      group.rules.forEach((rule, r) => assert.deepEqual(JSON.parse(JSON.stringify(rule)), theirs[r], `${group.name}, rule ${r + 1}`));
    });
  });
});

describe('the SLO spec parser', () => {
  test('names every problem of a broken spec, with its SLO and field', () => {
    const broken = `
version: prometheus/v1
service: grapevine
slos:
  - name: availability
    objective: 150
    sli:
      events:
        error_query: sum(rate(http_requests_total{status_code=~"5.."}[5m]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: Not-An-Alert-Name
`;
    assert.throws(
      () => parseServiceSpec(broken, 'slos.yml'),
      (error: unknown) => {
        assert.ok(error instanceof SloSpecError);
        assert.match(error.message, /slos\.yml: slos\[0\] \(availability\)\.objective must be a number in \(0, 100\]/);
        assert.match(error.message, /\.sli\.events\.error_query must be a PromQL query using \{\{\.window\}\}/);
        assert.match(error.message, /\.alerting\.name must be an alert name/);
        return true;
      },
    );
  });
});
