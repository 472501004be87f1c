import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  defaults,
  formatDuration,
  parseDuration,
  parseTrafficArgs,
  resolveOptions,
  runTraffic,
  TrafficOptionsError,
  usage,
} from '../../../../../scripts/workshop/traffic/index.js';

function problemsOf(argv: string[]): string[] {
  try {
    parseTrafficArgs(argv);
  } catch (error) {
    assert.ok(error instanceof TrafficOptionsError, `expected a TrafficOptionsError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('traffic CLI arguments', () => {
  test('defaults: 60 s, 20 operations/s, 20 people, the local app', () => {
    const parsed = parseTrafficArgs([]);
    assert.equal(parsed.help, false);
    assert.ok(!parsed.help);
    assert.deepEqual(
      { ...parsed.options },
      {
        baseUrl: 'http://127.0.0.1:4100',
        durationMs: 60_000,
        rate: 20,
        users: 20,
        channel: 'gossip',
        faults: false,
        slowSeconds: 1.5,
      },
    );
    assert.equal(defaults.rate, 20);
  });

  test('every flag', () => {
    const parsed = parseTrafficArgs([
      '--base-url',
      'http://app:4100',
      '--duration',
      '1m30s',
      '--rate',
      '150',
      '--users',
      '40',
      '--requests',
      '5000',
      '--channel',
      'testing',
      '--faults',
      '--slow-seconds',
      '2.5',
    ]);
    assert.ok(!parsed.help);
    assert.deepEqual(
      { ...parsed.options },
      {
        baseUrl: 'http://app:4100',
        durationMs: 90_000,
        rate: 150,
        users: 40,
        maxRequests: 5000,
        channel: 'testing',
        faults: true,
        slowSeconds: 2.5,
      },
    );
  });

  test('--faults is off unless given, and takes the default 1.5 s slow requests', () => {
    const parsed = parseTrafficArgs(['--faults']);
    assert.ok(!parsed.help);
    assert.equal(parsed.options.faults, true);
    assert.equal(parsed.options.slowSeconds, 1.5);
    const plain = parseTrafficArgs([]);
    assert.ok(!plain.help);
    assert.equal(plain.options.faults, false);
    assert.match(problemsOf(['--faults=yes'])[0], /--faults.*see --help/);
  });

  test('--slow-seconds: 0 to 5, and only with --faults', () => {
    const zero = parseTrafficArgs(['--faults', '--slow-seconds', '0']);
    assert.ok(!zero.help);
    assert.equal(zero.options.slowSeconds, 0);
    assert.deepEqual(problemsOf(['--faults', '--slow-seconds', '6']), ['--slow-seconds must be between 0 and 5, got 6']);
    assert.deepEqual(problemsOf(['--faults', '--slow-seconds', 'slow']), ['--slow-seconds must be a number, got "slow"']);
    assert.deepEqual(problemsOf(['--slow-seconds', '2']), ['--slow-seconds only applies with --faults']);
  });

  test('--help tells about --faults, DEMO_FAULTS and the alerts it makes fire', () => {
    assert.match(usage, /--faults {10}also call the app's deliberately slow and failing routes/);
    assert.match(usage, /DEMO_FAULTS=true/);
    assert.match(usage, /--slow-seconds N/);
    assert.match(usage, /HighErrorRate fires after about 2 minutes and SlowRequests\nafter about 5/);
    assert.match(usage, /stays out of the inbox while HighErrorRate fires/);
  });

  test('--help', () => {
    assert.deepEqual(parseTrafficArgs(['--help']), { help: true });
    assert.deepEqual(parseTrafficArgs(['-h']), { help: true });
  });

  test('names every bad flag at once', () => {
    const problems = problemsOf(['--duration', '5', '--rate', 'fast', '--users', '1', '--base-url', 'http://example.com']);
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems.join('\n'), /--duration must look like 500ms, 10s, 2m or 1m30s, got "5"/);
    assert.match(problems.join('\n'), /--rate must be a number, got "fast"/);
    assert.match(problems.join('\n'), /--users must be a whole number between 2 and 500, got 1/);
    assert.match(problems.join('\n'), /refusing to send traffic to "example.com"/);
  });

  test('bounds: duration 1s..30m, rate 1..500, users 2..500', () => {
    assert.match(problemsOf(['--duration', '31m'])[0], /--duration must be between 1s and 30m, got 31m/);
    assert.match(problemsOf(['--duration', '500ms'])[0], /--duration must be between 1s and 30m, got 500ms/);
    assert.match(problemsOf(['--rate', '501'])[0], /--rate must be between 1 and 500, got 501/);
    assert.match(problemsOf(['--rate', '0'])[0], /--rate must be between 1 and 500/);
    assert.match(problemsOf(['--users', '501'])[0], /--users must be a whole number between 2 and 500/);
    assert.match(problemsOf(['--users', '2.5'])[0], /--users must be a whole number/);
    assert.match(problemsOf(['--requests', '-3'])[0], /--requests/);
    assert.match(problemsOf(['--channel', 'no spaces'])[0], /--channel must be 3-15 letters/);
  });

  test('unknown flags and stray arguments point at --help', () => {
    assert.match(problemsOf(['--bogus'])[0], /Unknown option '--bogus'; see --help/);
    assert.match(problemsOf(['60s'])[0], /see --help/);
    assert.match(problemsOf(['--rate'])[0], /--rate.*see --help/);
  });

  test('runTraffic applies the same rules before sending anything', async () => {
    await assert.rejects(runTraffic({ baseUrl: 'http://example.com' }), /refusing to send traffic to "example.com"/);
    await assert.rejects(runTraffic({ baseUrl: 'http://127.0.0.1:4100', rate: 10_000 }), /rate must be between 1 and 500/);
    assert.throws(() => resolveOptions({ baseUrl: 'http://localhost', durationMs: 50 }), /duration must be between 100ms and 30m/);
  });
});

describe('durations', () => {
  test('parse', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('10s'), 10_000);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('1.5s'), 1_500);
    for (const bad of ['', '10', 's', '1x', '-5s', '1m 30s']) assert.equal(parseDuration(bad), undefined, bad);
  });

  test('format in the same notation', () => {
    assert.deepEqual([450, 2_500, 42_000, 120_000, 90_000].map(formatDuration), ['450ms', '2.5s', '42s', '2m', '1m30s']);
  });
});
