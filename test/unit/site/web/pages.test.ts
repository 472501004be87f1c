// The server-rendered site: forms that work without JavaScript, keep what was typed, show every
// error beside its field, and write nothing when they refuse.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { describe, test } from 'node:test';
import { PASSWORD, registerAndSignIn } from '../../support/accounts.js';
import { form, request, sessionCookieOf } from '../../support/http.js';
import { useTestSite } from '../../support/site.js';

describe('pages', () => {
  const site = useTestSite();

  const page = (path: string, cookie?: string) => request(site.url, 'GET', path, { headers: { accept: 'text/html' }, cookie });
  const post = (path: string, fields: Record<string, string>, extra: { cookie?: string; headers?: Record<string, string> } = {}) =>
    request(site.url, 'POST', path, { ...form(fields, extra.headers), cookie: extra.cookie });

  test('every page is HTML with a strict Content-Security-Policy and the one stylesheet', async () => {
    for (const path of ['/', '/register', '/sign-in', '/games']) {
      const response = await page(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(response.text, /<link rel="stylesheet" href="\/static\/style.css">/);
      assert.match(response.text, /<meta name="viewport"/);
      assert.doesNotMatch(response.text, /<script>(?!<\/script>)/, 'no inline script');
    }
  });

  test('serves the stylesheet and the chat script with an ETag, and 304 when unchanged', async () => {
    for (const [path, type] of [
      ['/static/style.css', 'text/css'],
      ['/static/chat.js', 'text/javascript'],
    ] as const) {
      const response = await fetch(new URL(path, site.url));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', new RegExp(`^${type}`));
      const etag = response.headers.get('etag') ?? '';
      assert.ok(etag);
      // node:http, not fetch: fetch adds Cache-Control: no-cache to conditional requests, as the Fetch spec says.
      assert.equal(await conditionalGet(new URL(path, site.url), etag), 304);
    }
    assert.equal((await page('/static/nope.css')).status, 404);
  });

  describe('register', () => {
    test('a rejected form comes back 400 with each error by its field and the typed values kept (never the password)', async () => {
      const response = await post('/register', { username: 'a<b', email: 'not-an-email', password: 'short' });
      assert.equal(response.status, 400);
      assert.match(
        response.text,
        /<p class="error" id="field-username-error">Username may only contain letters \(A-Z\), digits, underscores \(_\) and hyphens \(-\)\.<\/p>/,
      );
      assert.match(response.text, /<p class="error" id="field-email-error">Email must look like name@example.com.<\/p>/);
      assert.match(response.text, /<p class="error" id="field-password-error">Password must be at least 10 characters long.<\/p>/);
      assert.match(response.text, /id="field-username" name="username" type="text" value="a&lt;b"/, 'value kept, escaped');
      assert.match(response.text, /value="not-an-email"/);
      assert.doesNotMatch(response.text, /value="short"/);
      assert.match(response.text, /aria-invalid="true"/);
      assert.equal(site.rows('accounts'), 0);
    });

    test('registering signs you in and redirects home (303), counting an account and a login', async () => {
      const response = await post('/register', { username: 'Webby', email: 'webby@example.test', password: PASSWORD });
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), '/');
      assert.equal(await site.metric('grapevine_accounts_create_total'), 1);
      assert.equal(await site.metric('grapevine_accounts_session_login_total'), 1);
      const home = await page('/', sessionCookieOf(response));
      assert.match(home.text, /Signed in as <strong>Webby<\/strong>/);
    });

    test('a taken username (in any case) is 409 with the message by the field, writing nothing', async () => {
      const accounts = site.rows('accounts');
      const response = await post('/register', { username: 'WEBBY', email: 'w2@example.test', password: PASSWORD });
      assert.equal(response.status, 409);
      assert.match(response.text, /id="field-username-error">That username is already taken.</);
      assert.match(response.text, /value="WEBBY"/);
      assert.equal(site.rows('accounts'), accounts);
    });

    test('a form posted from another site is refused with 403, writing nothing', async () => {
      const accounts = site.rows('accounts');
      const response = await post(
        '/register',
        { username: 'csrf_victim', email: 'c@example.test', password: PASSWORD },
        { headers: { origin: 'http://evil.example' } },
      );
      assert.equal(response.status, 403);
      assert.match(response.text, /Forms may only be posted from this site./);
      assert.equal(site.rows('accounts'), accounts);
    });

    test('a form posted from this site (its own Origin) is accepted', async () => {
      const response = await post(
        '/register',
        { username: 'same_origin', email: 's@example.test', password: PASSWORD },
        { headers: { origin: site.url } },
      );
      assert.equal(response.status, 303);
    });

    test('a body that is not a form is 415; one over the limit is 413; both write nothing', async () => {
      const accounts = site.rows('accounts');
      const json = await request(site.url, 'POST', '/register', { json: { username: 'jsonny' }, headers: { accept: 'text/html' } });
      assert.equal(json.status, 415);
      assert.match(json.text, /Content-Type must be application\/x-www-form-urlencoded./);
      const big = await post('/register', { username: 'biggie', email: 'b@example.test', password: PASSWORD, padding: 'x'.repeat(20_000) });
      assert.equal(big.status, 413);
      assert.equal(site.rows('accounts'), accounts);
    });
  });

  describe('sign in and out', () => {
    test('wrong credentials: 401, the message, the username kept', async () => {
      const response = await post('/sign-in', { username: 'Webby', password: 'Wrong-Password-1' });
      assert.equal(response.status, 401);
      assert.match(response.text, /<p class="form-error" role="alert">Invalid username or password.<\/p>/);
      assert.match(response.text, /value="Webby"/);
      assert.equal(response.headers.getSetCookie().length, 0);
    });

    test('signing in redirects to the page asked for, but never off the site', async () => {
      const next = await post('/sign-in', { username: 'webby', password: PASSWORD, next: '/chat' });
      assert.equal(next.status, 303);
      assert.equal(next.headers.get('location'), '/chat');
      for (const evil of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
        const response = await post('/sign-in', { username: 'webby', password: PASSWORD, next: evil });
        assert.equal(response.headers.get('location'), '/', evil);
      }
    });

    test('signing out ends the session and counts a logout', async () => {
      const signedIn = await post('/sign-in', { username: 'webby', password: PASSWORD });
      const cookie = sessionCookieOf(signedIn);
      const logouts = (await site.metric('grapevine_accounts_session_logout_total')) ?? 0;
      const response = await post('/sign-out', {}, { cookie });
      assert.equal(response.status, 303);
      assert.equal(await site.metric('grapevine_accounts_session_logout_total'), logouts + 1);
      assert.doesNotMatch((await page('/', cookie)).text, /Signed in as/);
    });
  });

  describe('games and chat', () => {
    test('creating a game from the form shows its credentials once (201)', async () => {
      const { cookie } = await registerAndSignIn(site.url);
      const response = await post('/games', { name: 'Form Realm' }, { cookie });
      assert.equal(response.status, 201);
      assert.match(response.text, /<h1>Form Realm <span class="badge offline">offline<\/span><\/h1>/);
      assert.match(response.text, /Client secret<\/dt><dd><code>[\w-]{40,}<\/code>/);
      const later = await page('/games', cookie);
      assert.match(later.text, /<a href="\/games\/\d+">Form Realm<\/a>/);
    });

    test('a bad game name comes back 400 with the name kept; a taken one 409', async () => {
      const { cookie } = await registerAndSignIn(site.url);
      const games = site.rows('games');
      const bad = await post('/games', { name: 'x' }, { cookie });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /Game name must be between 3 and 40 characters long./);
      assert.match(bad.text, /value="x"/);
      const taken = await post('/games', { name: 'form realm' }, { cookie });
      assert.equal(taken.status, 409);
      assert.equal(site.rows('games'), games);
    });

    test('creating a game signed out redirects to sign in', async () => {
      const response = await post('/games', { name: 'Nobody Realm' });
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), '/sign-in?next=/games');
    });

    test('game pages: a listed game 200, an unknown or malformed id 404', async () => {
      const listed = await page('/games/1');
      assert.equal(listed.status, 200);
      for (const path of ['/games/99999', '/games/abc', '/games/1e3']) {
        const missing = await page(path);
        assert.equal(missing.status, 404, path);
        assert.match(missing.text, /<h1>Page not found<\/h1>/);
      }
    });

    test('the chat page needs a session, and loads its script from /static', async () => {
      const signedOut = await page('/chat');
      assert.equal(signedOut.status, 303);
      assert.equal(signedOut.headers.get('location'), '/sign-in?next=/chat');
      const { cookie } = await registerAndSignIn(site.url);
      const chat = await page('/chat', cookie);
      assert.equal(chat.status, 200);
      assert.match(chat.text, /<script type="module" src="\/static\/chat.js"><\/script>/);
      assert.match(chat.text, /id="messages"/);
      // 'self' covers the same-host socket; nothing is taken from the Host header.
      assert.match(chat.headers.get('content-security-policy') ?? '', /connect-src 'self';/);
    });

    test('unknown pages are a 404 page for browsers and {error} for JSON clients', async () => {
      const html = await page('/nowhere');
      assert.equal(html.status, 404);
      assert.match(html.text, /There is nothing at \/nowhere./);
      const json = await request(site.url, 'GET', '/api/nowhere');
      assert.equal(json.status, 404);
      assert.deepEqual(json.body, { error: 'There is nothing at /api/nowhere.' });
    });
  });
});

function conditionalGet(url: URL, etag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'if-none-match': etag } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}
