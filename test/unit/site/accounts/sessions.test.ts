// POST /api/sessions and DELETE /api/sessions: the session cookie, the login and logout
// counters, and what a forged, tampered or expired cookie gets.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Clock } from '../../../../app/kernel/clock.js';
import { SESSION_TTL_MS } from '../../../../app/site/accounts/service.js';
import { PASSWORD } from '../../support/accounts.js';
import { request, sessionCookieOf } from '../../support/http.js';
import { startTestSite, type TestSite } from '../../support/site.js';

describe('sessions API', () => {
  let site: TestSite;
  let now = new Date('2026-01-01T00:00:00Z');
  const clock: Clock = { now: () => now };

  before(async () => {
    site = await startTestSite({ clock });
    const registered = await request(site.url, 'POST', '/api/accounts', {
      json: { username: 'Dora', email: 'dora@example.test', password: PASSWORD },
    });
    assert.equal(registered.status, 201);
  });
  after(() => site.close());
  beforeEach(() => {
    site.db.exec('DELETE FROM sessions');
  });

  const signIn = (body: unknown) => request(site.url, 'POST', '/api/sessions', { json: body });

  test('login and logout counters exist at 0 from start-up', async () => {
    assert.equal(await site.metric('grapevine_accounts_session_login_total'), 0);
    assert.equal(await site.metric('grapevine_accounts_session_logout_total'), 0);
  });

  test('signing in answers 200 {id, username}, sets an HttpOnly SameSite=Lax cookie and counts a login', async () => {
    const logins = await site.metric('grapevine_accounts_session_login_total');
    const response = await signIn({ username: 'dora', password: PASSWORD });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { id: 1, username: 'Dora' });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('grapevine_session='));
    assert.ok(setCookie);
    assert.match(setCookie, /; httponly/i);
    assert.match(setCookie, /; samesite=lax/i);
    assert.match(setCookie, /; path=\//i);
    assert.equal(await site.metric('grapevine_accounts_session_login_total'), (logins ?? 0) + 1);
    // Only a hash of the token is stored.
    const token = sessionCookieOf(response).split('=')[1]?.split('.')[0] ?? '';
    const stored = site.db.prepare('SELECT token_hash FROM sessions').pluck().all() as string[];
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0], token);
    assert.match(stored[0] ?? '', /^[0-9a-f]{64}$/);
  });

  const refusals: Array<[string, unknown, number, string]> = [
    ['a wrong password', { username: 'Dora', password: 'Not-Her-Password-1' }, 401, 'Invalid username or password.'],
    [
      'an unknown username (same message: usernames are not revealed)',
      { username: 'nobody', password: PASSWORD },
      401,
      'Invalid username or password.',
    ],
    ['a missing password', { username: 'Dora' }, 400, 'Username and password are required.'],
    ['a username that is not text', { username: ['Dora'], password: PASSWORD }, 400, 'Username and password are required.'],
  ];
  for (const [name, body, status, error] of refusals) {
    test(`refuses ${name} with ${status}: no cookie, no session, no login counted`, async () => {
      const logins = await site.metric('grapevine_accounts_session_login_total');
      const response = await signIn(body);
      assert.equal(response.status, status);
      assert.equal(response.body.error, error);
      assert.equal(response.headers.getSetCookie().length, 0);
      assert.equal(site.rows('sessions'), 0);
      assert.equal(await site.metric('grapevine_accounts_session_login_total'), logins);
    });
  }

  test('refuses malformed JSON with 400', async () => {
    const response = await request(site.url, 'POST', '/api/sessions', {
      body: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'The request body is not valid JSON.');
    assert.equal(site.rows('sessions'), 0);
  });

  test('signing out answers 204, deletes the session, clears the cookie and counts a logout once', async () => {
    const cookie = sessionCookieOf(await signIn({ username: 'Dora', password: PASSWORD }));
    const logouts = (await site.metric('grapevine_accounts_session_logout_total')) ?? 0;
    const response = await request(site.url, 'DELETE', '/api/sessions', { cookie });
    assert.equal(response.status, 204);
    assert.match(response.headers.getSetCookie()[0] ?? '', /^grapevine_session=;.*expires=Thu, 01 Jan 1970/i);
    assert.equal(site.rows('sessions'), 0);
    assert.equal(await site.metric('grapevine_accounts_session_logout_total'), logouts + 1);
    // The old cookie no longer signs anyone in, and signing out again counts nothing.
    assert.equal((await request(site.url, 'POST', '/api/games', { json: { name: 'Nope' }, cookie })).status, 401);
    assert.equal((await request(site.url, 'DELETE', '/api/sessions', { cookie })).status, 204);
    assert.equal(await site.metric('grapevine_accounts_session_logout_total'), logouts + 1);
  });

  test('signing out without a session is a harmless 204', async () => {
    const logouts = await site.metric('grapevine_accounts_session_logout_total');
    assert.equal((await request(site.url, 'DELETE', '/api/sessions')).status, 204);
    assert.equal(await site.metric('grapevine_accounts_session_logout_total'), logouts);
  });

  test('a cookie with a forged signature or no signature signs no one in', async () => {
    const cookie = sessionCookieOf(await signIn({ username: 'Dora', password: PASSWORD }));
    const [name, value = ''] = cookie.split('=');
    const token = value.split('.')[0];
    for (const forged of [`${name}=${token}`, `${name}=${token}.AAAA`, `${name}=${token}x.${value.split('.')[1]}`]) {
      const response = await request(site.url, 'POST', '/api/games', { json: { name: 'Forged' }, cookie: forged });
      assert.equal(response.status, 401, forged);
    }
    assert.equal(site.rows('games'), 0);
  });

  test(`a session expires after ${SESSION_TTL_MS / 86_400_000} days`, async () => {
    const cookie = sessionCookieOf(await signIn({ username: 'Dora', password: PASSWORD }));
    assert.equal((await request(site.url, 'POST', '/api/games', { json: { name: 'Fresh Game' }, cookie })).status, 201);
    now = new Date(now.getTime() + SESSION_TTL_MS + 1);
    assert.equal((await request(site.url, 'POST', '/api/games', { json: { name: 'Stale Game' }, cookie })).status, 401);
  });
});
