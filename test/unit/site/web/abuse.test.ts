// Issue 12's HTTP findings, each re-run: nosniff on every response, no-store on secrets and
// sessions, no Host header in the CSP or the socket URL, Secure cookies only behind a trusted TLS
// proxy, and a 413 for an oversized chunked body that arrives without a connection reset.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { createGame, registerAndSignIn } from '../../support/accounts.js';
import { form, request } from '../../support/http.js';
import { useTestSite } from '../../support/site.js';

describe('headers on every response', () => {
  const site = useTestSite();

  test('X-Content-Type-Options: nosniff on JSON, static files, errors, redirects and pages', async () => {
    for (const [method, path] of [
      ['GET', '/api/games'],
      ['GET', '/static/style.css'],
      ['GET', '/api/nowhere'],
      ['GET', '/chat'],
      ['GET', '/'],
      ['GET', '/health/live'],
      ['POST', '/api/sessions'],
    ] as const) {
      const response = await request(site.url, method, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${method} ${path} (${response.status})`);
    }
  });

  test("a game's client secret is sent with Cache-Control: no-store, from the API and the page", async () => {
    const { cookie } = await registerAndSignIn(site.url);
    const created = await request(site.url, 'POST', '/api/games', { json: { name: 'Nostore Game' }, cookie });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const page = await request(site.url, 'POST', '/games', { ...form({ name: 'Nostore Page' }), cookie });
    assert.equal(page.status, 201);
    assert.match(page.text, /Client secret/i);
    assert.equal(page.headers.get('cache-control'), 'no-store');
  });

  test('responses that set or clear the session cookie are no-store', async () => {
    const { username, cookie } = await registerAndSignIn(site.url);
    const signedIn = await request(site.url, 'POST', '/api/sessions', { json: { username, password: 'Orchard-Ladder-42' } });
    assert.equal(signedIn.headers.get('cache-control'), 'no-store');
    const signedOut = await request(site.url, 'DELETE', '/api/sessions', { cookie });
    assert.equal(signedOut.headers.get('cache-control'), 'no-store');
  });

  test('the Host header reaches neither the CSP nor the socket URL', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    const game = await createGame(site.url, cookie, 'Host Game');
    const response = await rawGet(site.url, `/games/${game.id}`, 'evil.example', cookie);
    assert.match(response, /^HTTP\/1.1 200/);
    assert.match(response, /<code>\/socket<\/code>/);
    assert.doesNotMatch(response, /evil\.example/);
    assert.match(response, /content-security-policy: [^\r]*connect-src 'self';/i);
  });

  test('X-Forwarded-Proto is ignored without TRUST_PROXY: no Secure cookie over plain HTTP', async () => {
    const { username } = await registerAndSignIn(site.url);
    const signedIn = await request(site.url, 'POST', '/api/sessions', {
      json: { username, password: 'Orchard-Ladder-42' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('grapevine_session=')) ?? '';
    assert.doesNotMatch(cookie, /;\s*secure/i);
  });
});

describe('TRUST_PROXY and PUBLIC_ORIGIN', () => {
  const site = useTestSite({ trustProxy: true, publicOrigin: 'https://grapevine.example' });

  test('behind a trusted TLS proxy the session cookie is Secure; over plain HTTP it is not', async () => {
    const { username } = await registerAndSignIn(site.url);
    const viaTls = await request(site.url, 'POST', '/api/sessions', {
      json: { username, password: 'Orchard-Ladder-42' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(viaTls.status, 200);
    assert.match(viaTls.headers.getSetCookie().find((c) => c.startsWith('grapevine_session=')) ?? '', /;\s*secure/i);
    const plain = await request(site.url, 'POST', '/api/sessions', { json: { username, password: 'Orchard-Ladder-42' } });
    assert.doesNotMatch(plain.headers.getSetCookie().find((c) => c.startsWith('grapevine_session=')) ?? '', /;\s*secure/i);
  });

  test('the CSP and the socket URL come from PUBLIC_ORIGIN, whatever Host says', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    const game = await createGame(site.url, cookie, 'Origin Game');
    const response = await rawGet(site.url, `/games/${game.id}`, 'evil.example', cookie);
    assert.doesNotMatch(response, /evil\.example/);
    assert.match(response, /content-security-policy: [^\r]*connect-src 'self' wss:\/\/grapevine\.example;/i);
    assert.match(response, /wss:\/\/grapevine\.example\/socket/);
  });
});

describe('an oversized body', () => {
  const site = useTestSite();

  test('a chunked body over the limit gets a 413 with a message, and the connection is not reset', async () => {
    const { port } = new URL(site.url);
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    let error: Error | undefined;
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', (e) => (error = e));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = 'a'.repeat(8 * 1024);
    for (let i = 0; i < 8; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await until(() => text.includes('\r\n\r\n'));
    // The client goes on sending what it started, then asks again on the same connection.
    for (let i = 0; i < 4; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    socket.write('0\r\n\r\n');
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await new Promise((resolve) => socket.once('close', resolve));
    assert.equal(error, undefined, `connection error: ${String(error)}`);
    assert.match(text, /^HTTP\/1.1 413/);
    assert.match(text, /larger than 16384 bytes/);
    // The connection survived the 413: the next request on it was answered.
    assert.match(text, /HTTP\/1.1 200/);
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(done(), 'timed out');
}

/** A GET with a Host header of the test's choosing (fetch does not let one be set). */
function rawGet(base: string, path: string, host: string, cookie: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

describe("the site's listener takes its limits from the config", () => {
  const site = useTestSite({ serverLimits: { headersTimeoutMs: 200, requestTimeoutMs: 400, maxConnections: 50 } });

  test('a slow-header client and a 1-byte-at-a-time body are cut off with a 408; /metrics is unaffected', async () => {
    const { port } = new URL(site.url);
    const slowHeaders = await slowClient(Number(port), ['GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ']);
    assert.match(slowHeaders.text, /^HTTP\/1.1 408/);
    assert.ok(slowHeaders.ms < 3_000, `closed after ${slowHeaders.ms} ms`);
    const body = 'POST /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';
    const slowBody = await slowClient(Number(port), [body], '"');
    assert.match(slowBody.text, /^HTTP\/1.1 408/);
    assert.ok(slowBody.ms < 5_000, `closed after ${slowBody.ms} ms`);
    assert.equal((await fetch(site.metricsUrl)).status, 200);
  });
});

/** Sends `start`, then `drip` every 100 ms, until the server closes; what it answered and when. */
function slowClient(port: number, start: string[], drip?: string): Promise<{ text: string; ms: number }> {
  return new Promise((resolve) => {
    const began = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      for (const part of start) socket.write(part);
    });
    const timer = drip === undefined ? undefined : setInterval(() => socket.writable && socket.write(drip), 100);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, ms: Date.now() - began });
    });
  });
}
