// A web chat socket lives no longer than the session that opened it: signing out, signing out
// everywhere (API and page), the oldest session dropped at MAX_SESSIONS_PER_ACCOUNT, and expiry each
// close it with 4401 and a reason; other sessions' sockets stay open.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../../../app/kernel/clock.js';
import { SESSION_TTL_MS } from '../../../../app/site/accounts/service.js';
import { PASSWORD, registerAndSignIn } from '../../support/accounts.js';
import { form, request, sessionCookieOf } from '../../support/http.js';
import { useTestSite } from '../../support/site.js';
import { eventually, openSocket, refusedStatus, wsUrl, type TestSocket } from '../../support/sockets.js';

// Real time plus an offset the expiry test moves: timers run in real time, the sessions' clock with it.
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

/** The socket's close, or a failure after 3 s: a socket left open must fail the test, not hang it. */
function closeOf(socket: TestSocket): Promise<{ code: number; reason: string }> {
  return Promise.race([
    socket.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the socket is still open after 3 s')), 3_000).unref()),
  ]);
}

describe('web chat sockets when their session ends', () => {
  const site = useTestSite({ clock, maxSessionsPerAccount: 2 });
  const url = () => wsUrl(site.url, '/socket/web');
  const chat = (cookie: string): Promise<TestSocket> => openSocket(url(), { cookie });
  const signIn = async (username: string): Promise<string> => {
    const response = await request(site.url, 'POST', '/api/sessions', { json: { username, password: PASSWORD } });
    assert.equal(response.status, 200);
    return sessionCookieOf(response);
  };

  test('signing out closes that session’s sockets (4401, "signed out") and no other', async () => {
    const { username, cookie } = await registerAndSignIn(site.url);
    const other = await signIn(username);
    const [first, second, elsewhere] = await Promise.all([chat(cookie), chat(cookie), chat(other)]);
    const response = await request(site.url, 'DELETE', '/api/sessions', { cookie });
    assert.equal(response.status, 204);
    assert.deepEqual(await closeOf(first), { code: 4401, reason: 'signed out' });
    assert.deepEqual(await closeOf(second), { code: 4401, reason: 'signed out' });
    assert.ok(elsewhere.isOpen(), "the account's other session keeps its socket");
    elsewhere.send({ event: 'channels/subscribe', ref: 1, payload: { channel: 'gossip' } });
    assert.equal((await elsewhere.reply()).status, 'success');
    await elsewhere.close();
    await eventually(async () => (await site.metric('grapevine_web_clients_open')) === 0, 'no web client to remain');
  });

  test('sign out everywhere closes every socket of the account, and not another account’s', async () => {
    const { username, cookie } = await registerAndSignIn(site.url);
    const other = await signIn(username);
    const stranger = await registerAndSignIn(site.url);
    const [mine, theirs, unrelated] = await Promise.all([chat(cookie), chat(other), chat(stranger.cookie)]);
    const response = await request(site.url, 'DELETE', '/api/sessions/all', { cookie });
    assert.equal(response.status, 200);
    assert.deepEqual(await closeOf(mine), { code: 4401, reason: 'signed out everywhere' });
    assert.deepEqual(await closeOf(theirs), { code: 4401, reason: 'signed out everywhere' });
    assert.ok(unrelated.isOpen());
    await unrelated.close();
  });

  test('the /sessions page’s "sign out everywhere" closes them too', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    const socket = await chat(cookie);
    const ended = await request(site.url, 'POST', '/sessions/end-all', { ...form({}), cookie });
    assert.equal(ended.status, 303);
    assert.deepEqual(await closeOf(socket), { code: 4401, reason: 'signed out everywhere' });
  });

  test('the oldest session dropped at MAX_SESSIONS_PER_ACCOUNT closes its socket', async () => {
    const { username, cookie: oldest } = await registerAndSignIn(site.url);
    // Sessions are ordered by creation time, which has millisecond resolution.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await signIn(username);
    const [old, kept] = await Promise.all([chat(oldest), chat(second)]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await signIn(username);
    assert.deepEqual(await closeOf(old), { code: 4401, reason: 'signed out: a newer sign-in replaced this session' });
    assert.ok(kept.isOpen());
    await kept.close();
  });

  test('a session that expires while its socket is open closes it, and the socket cannot reopen', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    // 300 ms before the session's 30 days are up.
    offsetMs = SESSION_TTL_MS - 300;
    try {
      const socket = await chat(cookie);
      assert.deepEqual(await closeOf(socket), { code: 4401, reason: 'signed out: the session expired' });
      assert.equal(await refusedStatus(url(), { cookie }), 401);
    } finally {
      offsetMs = 0;
    }
  });
});
