// The Markdown every benchmark reports and BENCHMARKS.md quotes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatLoad, formatMachine, loadWarning, type Machine } from '../../../../scripts/bench/machine.js';
import { fixed, formatGoals, percent, table } from '../../../../scripts/bench/report.js';

describe('report formatting', () => {
  test('table: a Markdown table with a separator row, cells as given', () => {
    assert.equal(
      table(
        ['server', 'req/s'],
        [
          ['bare', '1200'],
          ['ours', '1180'],
        ],
      ),
      ['| server | req/s |', '| --- | --- |', '| bare | 1200 |', '| ours | 1180 |'].join('\n'),
    );
    assert.equal(table(['only'], []), '| only |\n| --- |');
  });

  test('fixed and percent: digits as asked, n/a for what was not measured', () => {
    assert.equal(fixed(0.97123), '0.97');
    assert.equal(fixed(1234.5, 0), '1235');
    assert.equal(fixed(Number.NaN), 'n/a');
    assert.equal(fixed(Number.POSITIVE_INFINITY, 1), 'n/a');
    assert.equal(percent(0.0421), '4.2 %');
    assert.equal(percent(0.5, 0), '50 %');
    assert.equal(percent(Number.NaN), 'n/a');
  });

  test('formatGoals: one line a goal, a missed one stands out', () => {
    assert.equal(
      formatGoals([
        { name: 'throughput >= 0.95x', reached: true, detail: '0.97x' },
        { name: 'p99 within 10 %', reached: false, detail: '1.20x' },
      ]),
      '- reached: throughput >= 0.95x (0.97x)\n- **NOT reached**: p99 within 10 % (1.20x)',
    );
    assert.equal(formatGoals([]), '');
  });

  test('the machine line: cores, model, memory, platform, then Node, date and load', () => {
    const machine: Machine = {
      cores: 2,
      cpuModel: 'Some CPU',
      memoryGiB: 24,
      node: 'v24.22.3',
      platform: 'Linux 6.1 x64',
      date: '2026-11-25T10:00:00.000Z',
      loadAverage: [1.5, 0.25, 0],
    };
    assert.equal(formatLoad(machine.loadAverage), '1.50 / 0.25 / 0.00');
    assert.equal(
      formatMachine(machine),
      '2 cores, Some CPU, 24 GiB, Linux 6.1 x64\nNode v24.22.3, 2026-11-25T10:00:00.000Z, load average 1.50 / 0.25 / 0.00 (1 / 5 / 15 min)',
    );
  });

  test('a load warning only when the 1-minute load average exceeds the cores, naming when it was read', () => {
    assert.equal(loadWarning('start', [2, 9, 9], 2), undefined);
    assert.equal(
      loadWarning('end', [2.5, 0, 0], 2),
      'the 1-minute load average at the end (2.50) exceeds the 2 cores: other work competed for the CPU, read the figures as noisy.',
    );
  });
});
