// The telemetry layer on its own: typed events in, handlers out; a handler that throws is
// reported and stays attached; instances do not hear each other.
import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { describe, test } from 'node:test';
import { createLogger, type LogLine } from '../../../../app/kernel/logging/logger.js';
import { createTelemetry } from '../../../../app/site/telemetry/telemetry.js';

type Events = { 'test.ping': { n: number }; 'test.other': { text: string } };

function setup() {
  const lines: LogLine[] = [];
  const failures: Array<[string, string]> = [];
  const attached: string[] = [];
  const telemetry = createTelemetry<Events>({
    log: createLogger((line) => lines.push(line)),
    hooks: { attached: (handler) => attached.push(handler), failed: (handler, event) => failures.push([handler, event]) },
  });
  return { telemetry, lines, failures, attached };
}

describe('telemetry', () => {
  test('delivers each payload to every handler attached to its event, on diagnostics_channel', () => {
    const { telemetry, attached } = setup();
    const seen: number[] = [];
    telemetry.attach('a', 'test.ping', ({ n }) => void seen.push(n));
    telemetry.attach('b', 'test.ping', ({ n }) => void seen.push(n * 10));
    telemetry.attach('c', 'test.other', () => assert.fail('wrong event'));
    telemetry.emit('test.ping', { n: 1 });
    assert.deepEqual(seen, [1, 10]);
    assert.deepEqual(attached, ['a', 'b', 'c']);
    assert.ok(diagnosticsChannel.hasSubscribers('test.ping'));
    telemetry.close();
  });

  test('a handler that throws is logged and reported, the emitter never sees it, and it stays attached', () => {
    const { telemetry, lines, failures } = setup();
    let calls = 0;
    const after: number[] = [];
    telemetry.attach('explodes', 'test.ping', () => {
      calls += 1;
      throw new Error('boom');
    });
    telemetry.attach('steady', 'test.ping', ({ n }) => void after.push(n));
    assert.doesNotThrow(() => telemetry.emit('test.ping', { n: 1 }));
    assert.doesNotThrow(() => telemetry.emit('test.ping', { n: 2 }));
    assert.equal(calls, 2, 'still attached after throwing');
    assert.deepEqual(after, [1, 2], 'handlers after it still run');
    assert.deepEqual(failures, [
      ['explodes', 'test.ping'],
      ['explodes', 'test.ping'],
    ]);
    const logged = lines.filter((line) => line.level === 'error');
    assert.equal(logged.length, 2);
    assert.equal(logged[0]?.handler, 'explodes');
    assert.equal((logged[0]?.error as { message: string }).message, 'boom');
    telemetry.close();
  });

  test('an async handler that rejects is reported too, without an unhandled rejection', async () => {
    const { telemetry, failures } = setup();
    telemetry.attach('async-explodes', 'test.ping', async () => {
      throw new Error('later');
    });
    telemetry.emit('test.ping', { n: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(failures, [['async-explodes', 'test.ping']]);
    telemetry.close();
  });

  test('a failure hook that throws is logged, not thrown', () => {
    const lines: LogLine[] = [];
    const telemetry = createTelemetry<Events>({
      log: createLogger((line) => lines.push(line)),
      hooks: {
        failed: () => {
          throw new Error('hook broke');
        },
      },
    });
    telemetry.attach('explodes', 'test.ping', () => {
      throw new Error('boom');
    });
    assert.doesNotThrow(() => telemetry.emit('test.ping', { n: 1 }));
    assert.equal(lines.filter((line) => line.level === 'error').length, 2);
    telemetry.close();
  });

  test('detach and close stop delivery', () => {
    const { telemetry } = setup();
    const seen: string[] = [];
    const detach = telemetry.attach('a', 'test.ping', () => void seen.push('a'));
    telemetry.attach('b', 'test.ping', () => void seen.push('b'));
    detach();
    telemetry.emit('test.ping', { n: 1 });
    telemetry.close();
    telemetry.emit('test.ping', { n: 2 });
    assert.deepEqual(seen, ['b']);
  });

  test('two instances in one process (two apps, or two tests) do not hear each other', () => {
    const one = setup().telemetry;
    const two = setup().telemetry;
    const heard: string[] = [];
    one.attach('one', 'test.ping', () => void heard.push('one'));
    two.attach('two', 'test.ping', () => void heard.push('two'));
    one.emit('test.ping', { n: 1 });
    two.emit('test.ping', { n: 2 });
    assert.deepEqual(heard, ['one', 'two']);
    one.close();
    two.close();
  });

  test('outside subscribers (APM tools) see the payloads on the named channel', () => {
    const { telemetry } = setup();
    const seen: unknown[] = [];
    const listener = (message: unknown) => void seen.push(message);
    diagnosticsChannel.subscribe('test.other', listener);
    telemetry.emit('test.other', { text: 'hi' });
    diagnosticsChannel.unsubscribe('test.other', listener);
    assert.deepEqual(seen, [{ text: 'hi' }]);
  });
});
