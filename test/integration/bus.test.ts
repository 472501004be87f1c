// The bus between app replicas against a real Valkey (the image compose.yaml runs): messages reach
// every replica, a Valkey restart is noticed and survived (subscriptions come back by themselves),
// and what is published while it is down is dropped and counted, never delivered late.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from 'testcontainers';
import type { Bus, BusMessage } from '../../app/kernel/bus/bus.js';
import { createValkeyBus } from '../../app/kernel/bus/valkey-bus.js';
import { createLogger } from '../../app/kernel/logging/logger.js';
import { composeService } from '../../scripts/stack/compose.js';
import { waitFor } from '../../scripts/stack/wait.js';
import { integrationSkipReason } from './support/gate.js';
import { disableReaperWhereItsImageIsMissing } from './support/stack.js';

const skip = await integrationSkipReason();
const silent = createLogger(() => undefined);

/** A free loopback port, so the container keeps its host port across a restart. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the bus over a real Valkey', { skip, timeout: 5 * 60_000 }, () => {
  let valkey: StartedTestContainer;
  let url: string;
  const buses: Bus[] = [];
  // Each test's replicas share a prefix of their own, so one test's messages never reach another's.
  const connect = (replicaId: string, prefix: string) => {
    const bus = createValkeyBus({ url, log: silent, replicaId, prefix });
    buses.push(bus);
    return bus;
  };
  const connected = (bus: Bus) =>
    waitFor(async () => (bus.status().connected ? true : undefined), { what: 'the bus to connect', timeoutMs: 20_000 });

  before(async () => {
    await disableReaperWhereItsImageIsMissing();
    const port = await freePort();
    const { image, command } = await composeService('valkey');
    valkey = await new GenericContainer(image)
      .withCommand(command)
      .withExposedPorts({ container: 6379, host: port })
      .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
      .start();
    url = `redis://127.0.0.1:${port}`;
  });
  after(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await valkey?.stop({ timeout: 1000, remove: true });
  });

  test('a message published on one replica reaches every replica, the publisher included', async () => {
    const a = connect('a', 'fan-out');
    const b = connect('b', 'fan-out');
    await Promise.all([connected(a), connected(b)]);
    const seen: Record<string, BusMessage[]> = { a: [], b: [] };
    a.subscribe('chat', (message) => seen.a.push(message));
    b.subscribe('chat', (message) => seen.b.push(message));
    // A subscription is in place once a probe comes back through it.
    await waitFor(
      async () => {
        a.publish('chat', { probe: true });
        return seen.a.length > 0 && seen.b.length > 0 ? true : undefined;
      },
      { what: 'both subscriptions', timeoutMs: 10_000 },
    );
    // Probes still in flight may arrive after the wait: look only at the real message.
    const real = (messages: BusMessage[]) => messages.filter(({ body }) => !(body as { probe?: boolean }).probe);
    a.publish('chat', { line: 'hello' });
    await waitFor(async () => (real(seen.b).length > 0 ? true : undefined), { what: 'the message on b', timeoutMs: 5_000 });
    assert.deepEqual(real(seen.b), [{ from: 'a', body: { line: 'hello' } }]);
    await waitFor(async () => (real(seen.a).length > 0 ? true : undefined), { what: 'the message back on a', timeoutMs: 5_000 });
    assert.deepEqual(real(seen.a), [{ from: 'a', body: { line: 'hello' } }]);
  });

  test('a Valkey restart: the bus says it is down, drops and counts what is published meanwhile, then resumes', async () => {
    const a = connect('a', 'restart');
    const b = connect('b', 'restart');
    await Promise.all([connected(a), connected(b)]);
    const dropped: string[] = [];
    a.observe({ published: () => undefined, received: () => undefined, dropped: (topic) => dropped.push(topic) });
    const lines: unknown[] = [];
    b.subscribe('chat', ({ body }) => lines.push(body));
    await waitFor(
      async () => {
        a.publish('chat', 'probe');
        return lines.length > 0 ? true : undefined;
      },
      { what: 'the subscription', timeoutMs: 10_000 },
    );

    // Stopped through the runtime, not valkey.stop(): testcontainers remembers a container's first
    // stop and makes every later one a no-op, so after() could not remove it once restarted, and
    // where the reaper is off (no registry) the container was left running.
    const runtime = await getContainerRuntimeClient();
    await runtime.container.stop(runtime.container.getById(valkey.getId()), { timeout: 0 });
    await waitFor(async () => (!a.status().connected && !b.status().connected ? true : undefined), {
      what: 'both buses to notice',
      timeoutMs: 10_000,
    });
    assert.match(a.status().problem ?? '', /not reachable/);
    a.publish('chat', 'while down');
    assert.deepEqual(dropped, ['chat']);

    await valkey.restart();
    await Promise.all([connected(a), connected(b)]);
    lines.length = 0;
    await waitFor(
      async () => {
        a.publish('chat', 'after');
        return lines.includes('after') ? true : undefined;
      },
      { what: 'messages to flow again after the restart', timeoutMs: 15_000 },
    );
    assert.ok(!lines.includes('while down'), 'a message dropped while down is never delivered late');
  });
});
