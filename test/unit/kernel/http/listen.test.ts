// The listener's limits: a slow-header client is cut off, an idle keep-alive connection is closed,
// connections past the cap are refused, and a listener without settings gets the defaults.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { closeServer, DEFAULT_SERVER_LIMITS, listen, serverFor } from '../../../../app/kernel/http/listen.js';

const ok = { callback: () => (_req: unknown, res: { end(body: string): void }) => res.end('ok') };

async function started(limits: Parameters<typeof serverFor>[1]) {
  const server = serverFor(ok, limits);
  const { port } = await listen(server, 0, '127.0.0.1');
  return { server, port };
}

/** Everything the server sends until it closes the connection, and how long that took. */
function untilClosed(socket: Socket): Promise<{ text: string; ms: number; error?: Error }> {
  const start = Date.now();
  let text = '';
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', (error) => resolve({ text, ms: Date.now() - start, error }));
    socket.on('close', () => resolve({ text, ms: Date.now() - start }));
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

describe('serverFor limits', () => {
  const servers: Parameters<typeof closeServer>[0][] = [];
  after(async () => {
    for (const server of servers) await closeServer(server, 100);
  });

  test('defaults: a headers timeout, a request timeout, a keep-alive timeout and a connection cap', () => {
    const server = serverFor(ok);
    assert.equal(server.headersTimeout, DEFAULT_SERVER_LIMITS.headersTimeoutMs);
    assert.equal(server.requestTimeout, DEFAULT_SERVER_LIMITS.requestTimeoutMs);
    assert.equal(server.keepAliveTimeout, DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs);
    assert.equal(server.maxConnections, DEFAULT_SERVER_LIMITS.maxConnections);
  });

  test('a client that never finishes its headers gets a 408 and is disconnected', async () => {
    const { server, port } = await started({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    servers.push(server);
    const socket = await open(port);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const { text, ms } = await untilClosed(socket);
    assert.match(text, /^HTTP\/1.1 408/);
    assert.ok(ms < 3_000, `closed after ${ms} ms`);
  });

  test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const { server, port } = await started({ keepAliveTimeoutMs: 150 });
    servers.push(server);
    const socket = await open(port);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const { text, ms } = await untilClosed(socket);
    assert.match(text, /^HTTP\/1.1 200/);
    assert.ok(ms < 3_000, `closed after ${ms} ms`);
  });

  test('connections past the cap are closed at once', async () => {
    const { server, port } = await started({ maxConnections: 2 });
    servers.push(server);
    const held = [await open(port), await open(port)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await open(port);
    third.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const { text } = await untilClosed(third);
    assert.equal(text, '');
    for (const socket of held) socket.destroy();
  });
});
