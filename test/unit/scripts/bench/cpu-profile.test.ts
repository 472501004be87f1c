// How the profile benchmark reads V8 CPU profiles: self time per function and per area, idle left
// out, and only the samples inside the measured window.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { areaOf, selfTimes, type CpuProfile } from '../../../../scripts/bench/cpu-profile.js';
import { isInstrumentation } from '../../../../scripts/bench/overhead/profile.js';

const ROOT = '/project';

function frame(id: number, functionName: string, url: string, lineNumber = 0) {
  return { id, callFrame: { functionName, url, lineNumber, columnNumber: 0 } };
}

// Samples 10 µs apart from t=1000: idle, record, record, router, record, (garbage collector).
const PROFILE: CpuProfile = {
  startTime: 1000,
  nodes: [
    frame(1, '(idle)', ''),
    frame(2, 'record', 'file:///project/app/site/metrics/request-metrics.ts', 79),
    frame(3, 'match', 'file:///project/node_modules/@koa/router/dist/index.mjs', 255),
    frame(4, '(garbage collector)', ''),
  ],
  samples: [1, 2, 2, 3, 2, 4],
  timeDeltas: [10, 10, 10, 10, 10, 10],
};

describe('selfTimes', () => {
  test('sums each function and area, leaving (idle) out of everything', () => {
    const times = selfTimes([PROFILE], ROOT);
    assert.deepEqual(Object.fromEntries(times.byFunction), {
      'record app/site/metrics/request-metrics.ts:80': 30,
      'match node_modules/@koa/router/dist/index.mjs:256': 10,
      '(garbage collector)': 10,
    });
    assert.deepEqual(Object.fromEntries(times.byArea), {
      'app/site': 30,
      'node_modules/@koa/router': 10,
      '(garbage collector)': 10,
    });
    assert.equal(times.busyUs, 50);
  });

  test('adds up several profiles of one process (its threads)', () => {
    assert.equal(selfTimes([PROFILE, PROFILE], ROOT).busyUs, 100);
  });

  test('keeps only the samples taken inside the window', () => {
    // Sample times: 1010, 1020, 1030, 1040, 1050, 1060.
    const times = selfTimes([PROFILE], ROOT, { fromUs: 1025, toUs: 1045 });
    assert.deepEqual(Object.fromEntries(times.byFunction), {
      'record app/site/metrics/request-metrics.ts:80': 10,
      'match node_modules/@koa/router/dist/index.mjs:256': 10,
    });
  });
});

describe('areaOf', () => {
  test('names packages (scoped ones with their scope), Node built-ins, project folders and V8 pseudo-functions', () => {
    assert.equal(areaOf('node_modules/prom-client/lib/histogram.js', 'observe'), 'node_modules/prom-client');
    assert.equal(areaOf('/x/node_modules/@koa/router/dist/index.mjs', 'match'), 'node_modules/@koa/router');
    assert.equal(areaOf('node:_http_server', 'parserOnIncoming'), 'node: (Node.js built-ins)');
    assert.equal(areaOf('app/site/metrics/request-metrics.ts', 'record'), 'app/site');
    assert.equal(areaOf('', '(program)'), '(program)');
    assert.equal(areaOf('', ''), '(native)');
  });
});

describe('isInstrumentation', () => {
  test('is the metrics code and the perf_hooks it uses, not the app or the framework', () => {
    assert.ok(isInstrumentation('observe node_modules/prom-client/lib/histogram.js:120'));
    assert.ok(isInstrumentation('record app/site/metrics/request-metrics.ts:80'));
    assert.ok(isInstrumentation('renderOpenMetrics app/kernel/metrics/openmetrics.ts:12'));
    assert.ok(isInstrumentation('(anonymous) node:internal/perf/observe:120'));
    assert.ok(!isInstrumentation('match node_modules/@koa/router/dist/index.mjs:256'));
    assert.ok(!isInstrumentation('list app/site/games/repository.ts:2'));
  });
});
