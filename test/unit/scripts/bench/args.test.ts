// `npm run bench -- ...`: which benchmarks run, and the bounds that keep any combination from
// running for hours.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BenchArgsError, parseBenchArgs, usage, type BenchOptions } from '../../../../scripts/bench/args.js';
import { BENCH_NAMES } from '../../../../scripts/bench/catalogue.js';

function parse(argv: string[]): BenchOptions {
  const options = parseBenchArgs(argv, BENCH_NAMES);
  assert.notEqual(options, 'help');
  return options as BenchOptions;
}

function errorOf(argv: string[]): string {
  try {
    parseBenchArgs(argv, BENCH_NAMES);
  } catch (error) {
    assert.ok(error instanceof BenchArgsError, `expected a BenchArgsError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`${argv.join(' ')} was accepted`);
}

describe('parseBenchArgs', () => {
  test('no arguments: every benchmark in the catalogue order, with the defaults --help names', () => {
    const options = parse([]);
    assert.deepEqual(options.names, [
      'overhead',
      'profile',
      'instructions',
      'scrape',
      'alert-latency',
      'stack-start',
      'ha',
      'chat-latency',
      'memory',
    ]);
    assert.equal(options.out, '.build/bench/results.md');
    assert.deepEqual(options.overhead, { rounds: 12, seconds: 3, connections: 50, warmupSeconds: 5 });
    assert.deepEqual(options.alertLatency, { samples: 6 });
    assert.deepEqual(options.stackStart, { runs: 3 });
    assert.deepEqual(options.ha, { runs: 2, samples: 3 });
    assert.deepEqual(options.chatLatency, { messages: 500 });
    assert.equal(options.memory.minutes, 5);
    for (const text of [
      'default 12, 3-25',
      'default 3, 1-10',
      'default 50, 1-200',
      'default 6, 1-20',
      'default 3, 1-10',
      'default 2, 1-5',
      'default 500, 20-5000',
      'default 5, 0.5-30',
    ]) {
      assert.ok(usage.includes(text), `usage lacks "${text}"`);
    }
  });

  test('usage lists the names the catalogue knows, in its order', () => {
    assert.ok(usage.includes(`Names (default: all, in this order): ${BENCH_NAMES.join(', ')}`));
  });

  test('names pick benchmarks, run in the catalogue order whatever order they are given in', () => {
    assert.deepEqual(parse(['memory', 'scrape']).names, ['scrape', 'memory']);
    assert.deepEqual(parse(['scrape', 'scrape']).names, ['scrape']);
  });

  test('options set their benchmark and leave the others at their defaults', () => {
    const options = parse([
      'overhead',
      '--rounds',
      '3',
      '--seconds',
      '10',
      '--connections',
      '1',
      '--profile',
      '/tmp/profiles',
      '--out',
      'x.md',
    ]);
    assert.deepEqual(options.overhead, { rounds: 3, seconds: 10, connections: 1, warmupSeconds: 5, profileDir: '/tmp/profiles' });
    assert.equal(options.out, 'x.md');
    assert.deepEqual(parse(['--samples', '20', '--runs', '1']).alertLatency, { samples: 20 });
    assert.deepEqual(parse(['--runs', '10']).stackStart, { runs: 10 });
    assert.deepEqual(parse(['--ha-runs', '5', '--ha-samples', '1']).ha, { runs: 5, samples: 1 });
    assert.equal(parse(['--minutes', '0.5']).memory.minutes, 0.5);
    assert.equal('profileDir' in parse([]).overhead, false);
  });

  test('--help wins over everything else', () => {
    assert.equal(parseBenchArgs(['--help'], BENCH_NAMES), 'help');
    assert.equal(parseBenchArgs(['overhead', '--rounds', '99', '--help'], BENCH_NAMES), 'help');
  });

  test('an unknown benchmark is named, with the known ones', () => {
    assert.equal(errorOf(['overhead', 'speed']), `unknown benchmark speed; known: ${BENCH_NAMES.join(', ')}`);
  });

  test('every bound is enforced at both ends, and whole numbers where a count is meant', () => {
    assert.equal(errorOf(['--rounds', '2']), '--rounds must be a whole number from 3 to 25, got 2');
    assert.equal(errorOf(['--rounds', '26']), '--rounds must be a whole number from 3 to 25, got 26');
    assert.equal(errorOf(['--rounds', '4.5']), '--rounds must be a whole number from 3 to 25, got 4.5');
    assert.equal(errorOf(['--seconds', '11']), '--seconds must be a whole number from 1 to 10, got 11');
    assert.equal(errorOf(['--connections', '0']), '--connections must be a whole number from 1 to 200, got 0');
    assert.equal(errorOf(['--samples', '21']), '--samples must be a whole number from 1 to 20, got 21');
    assert.equal(errorOf(['--runs', 'ten']), '--runs must be a whole number from 1 to 10, got ten');
    assert.equal(errorOf(['--ha-runs', '6']), '--ha-runs must be a whole number from 1 to 5, got 6');
    assert.equal(errorOf(['--ha-samples', '0']), '--ha-samples must be a whole number from 1 to 10, got 0');
    assert.equal(errorOf(['--minutes', '0.4']), '--minutes must be from 0.5 to 30, got 0.4');
    assert.equal(errorOf(['--minutes', '31']), '--minutes must be from 0.5 to 30, got 31');
  });

  test("an unknown flag, or a flag without its value, is an argument error too (parseArgs' own message)", () => {
    assert.match(errorOf(['--fast']), /Unknown option '--fast'/);
    assert.match(errorOf(['--rounds']), /--rounds/);
  });
});
