// Issue 12's session findings: a bounded number of live sessions per account (the oldest revoked),
// "sign out everywhere" on the API and the site, and expired rows removed in bounded sweeps.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../../../app/kernel/clock.js';
import { SESSION_TTL_MS } from '../../../../app/site/accounts/service.js';
import { EXPIRED_SWEEP_LIMIT } from '../../../../app/site/accounts/session-repository.js';
import { PASSWORD, registerAndSignIn } from '../../support/accounts.js';
import { form, request, sessionCookieOf } from '../../support/http.js';
import { useTestSite } from '../../support/site.js';

let now = new Date('2026-01-01T00:00:00Z');
const clock: Clock = { now: () => now };
const tick = (ms = 1_000): void => void (now = new Date(now.getTime() + ms));

describe('session limits', () => {
  const site = useTestSite({ clock, maxSessionsPerAccount: 3 });

  const signIn = async (username: string): Promise<string> => {
    tick();
    const response = await request(site.url, 'POST', '/api/sessions', { json: { username, password: PASSWORD } });
    assert.equal(response.status, 200);
    return sessionCookieOf(response);
  };
  const whoAmI = async (cookie: string): Promise<number> => (await request(site.url, 'GET', '/chat', { cookie })).status;
  const sessionsOf = (accountId: number): number =>
    site.db.prepare('SELECT count(*) FROM sessions WHERE account_id = ?').pluck().get(accountId) as number;

  test('signing in beyond MAX_SESSIONS_PER_ACCOUNT revokes the oldest session, and only it', async () => {
    const { id, username, cookie: first } = await registerAndSignIn(site.url);
    const second = await signIn(username);
    const third = await signIn(username);
    assert.equal(sessionsOf(id), 3);
    const fourth = await signIn(username);
    assert.equal(sessionsOf(id), 3);
    assert.equal(await whoAmI(first), 303, 'the oldest session was revoked');
    for (const cookie of [second, third, fourth]) assert.equal(await whoAmI(cookie), 200);
  });

  test("another account's sessions are untouched by the cap", async () => {
    const a = await registerAndSignIn(site.url);
    const b = await registerAndSignIn(site.url);
    for (let i = 0; i < 5; i++) await signIn(a.username);
    assert.equal(sessionsOf(a.id), 3);
    assert.equal(await whoAmI(b.cookie), 200);
  });

  test('DELETE /api/sessions/all ends every session of the account, and says how many', async () => {
    const { id, username, cookie } = await registerAndSignIn(site.url);
    const other = await signIn(username);
    const bystander = await registerAndSignIn(site.url);
    const response = await request(site.url, 'DELETE', '/api/sessions/all', { cookie });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { ended: 2 });
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.getSetCookie()[0] ?? '', /^grapevine_session=;/);
    assert.equal(sessionsOf(id), 0);
    assert.equal(await whoAmI(other), 303);
    assert.equal(await whoAmI(bystander.cookie), 200);
  });

  test('DELETE /api/sessions/all without a live session is a 401 with a message', async () => {
    const none = await request(site.url, 'DELETE', '/api/sessions/all');
    assert.equal(none.status, 401);
    assert.match(String(none.body.error), /Sign in first/);
    const { cookie } = await registerAndSignIn(site.url);
    await request(site.url, 'DELETE', '/api/sessions', { cookie });
    const ended = await request(site.url, 'DELETE', '/api/sessions/all', { cookie });
    assert.equal(ended.status, 401);
    assert.match(String(ended.body.error), /already ended/);
  });

  test('the site: /sessions shows a button that ends every session', async () => {
    const { id, username, cookie } = await registerAndSignIn(site.url);
    const other = await signIn(username);
    const page = await request(site.url, 'GET', '/sessions', { cookie, headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.match(page.text, /<form method="post" action="\/sessions\/end-all">/);
    assert.match(page.text, /signed in on <strong>2<\/strong> browsers/);
    const ended = await request(site.url, 'POST', '/sessions/end-all', { ...form({}), cookie });
    assert.equal(ended.status, 303);
    assert.equal(ended.headers.get('location'), '/');
    assert.equal(sessionsOf(id), 0);
    assert.equal(await whoAmI(other), 303);
    const signedOut = await request(site.url, 'GET', '/sessions', { headers: { accept: 'text/html' } });
    assert.equal(signedOut.status, 303);
  });

  test('a cross-site post to /sessions/end-all is refused', async () => {
    const { id, cookie } = await registerAndSignIn(site.url);
    const refused = await request(site.url, 'POST', '/sessions/end-all', { ...form({}, { origin: 'https://evil.example' }), cookie });
    assert.equal(refused.status, 403);
    assert.equal(sessionsOf(id), 1);
  });

  test('expired rows are removed at sign-in, at most EXPIRED_SWEEP_LIMIT per sign-in', async () => {
    // The expired rows belong to someone who is not signing in, so the cap cannot be what removes them.
    const { id } = await registerAndSignIn(site.url);
    const { username } = await registerAndSignIn(site.url);
    const insert = site.db.prepare('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
    const past = new Date(now.getTime() - SESSION_TTL_MS).toISOString();
    const expired = EXPIRED_SWEEP_LIMIT + 10;
    site.db.transaction(() => {
      for (let i = 0; i < expired; i++) insert.run(`expired-${i}`, id, past, past);
    })();
    const count = (): number => site.db.prepare("SELECT count(*) FROM sessions WHERE token_hash LIKE 'expired-%'").pluck().get() as number;
    await signIn(username);
    assert.equal(count(), 10);
    await signIn(username);
    assert.equal(count(), 0);
  });
});
