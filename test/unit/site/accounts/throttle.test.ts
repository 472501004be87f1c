// Issue 12's brute-force finding: sign-ins and registrations throttled per account and per address,
// in SQLite (so a restart keeps the count), answering 429 with Retry-After and the same words whether
// or not the account exists; a bounded scrypt queue; the throttled counter.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Clock } from '../../../../app/kernel/clock.js';
import { createPasswordHasher, PasswordQueueFullError } from '../../../../app/site/accounts/passwords.js';
import { DEFAULT_THROTTLE_LIMITS, type ThrottleLimits } from '../../../../app/site/accounts/throttle.js';
import { parseAppConfig } from '../../../../app/site/config/app-config.js';
import { PASSWORD, registerAndSignIn, uniqueName } from '../../support/accounts.js';
import { form, request, type Result } from '../../support/http.js';
import { startTestSite, useTestSite } from '../../support/site.js';

let now = new Date('2026-01-01T00:00:00Z');
const clock: Clock = { now: () => now };
const tick = (ms: number): void => void (now = new Date(now.getTime() + ms));

const WINDOW = 60;
const limits: ThrottleLimits = {
  signInAccount: { limit: 3, windowSeconds: WINDOW },
  signInAddress: { limit: 12, windowSeconds: WINDOW },
  registerAccount: { limit: 2, windowSeconds: WINDOW },
  registerAddress: { limit: 20, windowSeconds: WINDOW },
};

const signIn = (url: string, username: string, password: string): Promise<Result> =>
  request(url, 'POST', '/api/sessions', { json: { username, password } });

describe('sign-in throttling', () => {
  const site = useTestSite({ clock, throttleLimits: limits });

  test('after SIGN_IN_FAILURES_PER_ACCOUNT failures the account gets a 429 with Retry-After, even with the right password', async () => {
    const { username } = await registerAndSignIn(site.url);
    for (let i = 0; i < 3; i++) assert.equal((await signIn(site.url, username, 'wrong-password-1')).status, 401);
    const refused = await signIn(site.url, username, PASSWORD);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), String(WINDOW));
    assert.match(
      String(refused.body.error),
      /^Too many sign-in attempts for this account or from your address\. Please wait 1 minute and try again\.$/,
    );
    assert.equal(refused.headers.getSetCookie().length, 0, 'no session is started');
  });

  test('a username that does not exist gets the very same answer', async () => {
    const { username } = await registerAndSignIn(site.url);
    const nobody = uniqueName('nobody');
    const answers: Result[] = [];
    for (const name of [username, nobody]) {
      for (let i = 0; i < 3; i++) assert.equal((await signIn(site.url, name, 'wrong-password-1')).status, 401);
      answers.push(await signIn(site.url, name, 'wrong-password-1'));
    }
    const [real, missing] = answers as [Result, Result];
    assert.equal(missing.status, 429);
    assert.deepEqual(missing.body, real.body);
    assert.equal(missing.headers.get('retry-after'), real.headers.get('retry-after'));
  });

  test('when the window has passed the right password signs in again; successes never count', async () => {
    const { username } = await registerAndSignIn(site.url);
    for (let i = 0; i < 3; i++) await signIn(site.url, username, 'wrong-password-1');
    tick(30_000);
    const stillRefused = await signIn(site.url, username, PASSWORD);
    assert.equal(stillRefused.status, 429);
    assert.equal(stillRefused.headers.get('retry-after'), String(WINDOW - 30));
    tick(30_000);
    assert.equal((await signIn(site.url, username, PASSWORD)).status, 200);
    for (let i = 0; i < 20; i++) assert.equal((await signIn(site.url, username, PASSWORD)).status, 200, `success ${i + 1}`);
  });

  test('failures across many accounts from one address hit SIGN_IN_FAILURES_PER_ADDRESS', async () => {
    tick(WINDOW * 1000);
    for (let i = 0; i < 12; i++) assert.equal((await signIn(site.url, uniqueName('spray'), 'wrong-password-1')).status, 401);
    const refused = await signIn(site.url, uniqueName('spray'), 'wrong-password-1');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    tick(WINDOW * 1000);
  });

  test('the sign-in page answers a throttled attempt with a 429 form error and Retry-After', async () => {
    const { username } = await registerAndSignIn(site.url);
    for (let i = 0; i < 3; i++) await signIn(site.url, username, 'wrong-password-1');
    const page = await request(site.url, 'POST', '/sign-in', form({ username, password: PASSWORD }, { origin: site.url }));
    assert.equal(page.status, 429);
    assert.equal(page.headers.get('retry-after'), String(WINDOW));
    assert.match(page.text, /<p class="form-error" role="alert">Too many sign-in attempts [^<]*Please wait 1 minute and try again\.<\/p>/);
    tick(WINDOW * 1000);
  });

  test('grapevine_accounts_throttled_total counts refusals by action and scope, every series from 0', async () => {
    assert.equal(await site.metric('grapevine_accounts_throttled_total', { action: 'register', scope: 'queue' }), 0);
    assert.ok((await site.metric('grapevine_accounts_throttled_total', { action: 'sign_in', scope: 'account' }))! >= 4);
    assert.ok((await site.metric('grapevine_accounts_throttled_total', { action: 'sign_in', scope: 'address' }))! >= 1);
  });
});

describe('registration throttling', () => {
  const site = useTestSite({ clock, throttleLimits: limits });
  const register = (username: string, extra: Record<string, string> = {}): Promise<Result> =>
    request(site.url, 'POST', '/api/accounts', { json: { username, email: `${username}@example.test`, password: PASSWORD, ...extra } });

  test('retrying a taken name is throttled per name, on the API and the register page', async () => {
    const { username } = await registerAndSignIn(site.url);
    for (let i = 0; i < 2; i++) assert.equal((await register(username)).status, 409);
    const refused = await register(username);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), String(WINDOW));
    assert.match(String(refused.body.error), /^Too many registration attempts/);
    const page = await request(
      site.url,
      'POST',
      '/register',
      form({ username, email: 'x@example.test', password: PASSWORD }, { origin: site.url }),
    );
    assert.equal(page.status, 429);
    assert.ok(page.headers.get('retry-after'));
    assert.match(page.text, /role="alert">Too many registration attempts/);
    assert.equal(await site.metric('grapevine_accounts_throttled_total', { action: 'register', scope: 'account' }), 2);
    tick(WINDOW * 1000);
  });

  test('REGISTRATIONS_PER_ADDRESS caps new accounts from one address in a window', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await register(uniqueName('bulk'))).status, 201, `registration ${i + 1}`);
    const refused = await register(uniqueName('bulk'));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), String(WINDOW));
    tick(WINDOW * 1000);
    assert.equal((await register(uniqueName('bulk'))).status, 201);
  });
});

describe('the throttle survives a restart', () => {
  test('a new process on the same DATA_DIR still refuses the account', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-throttle-'));
    try {
      const first = await startTestSite({ clock, throttleLimits: limits, dataDir });
      const { username } = await registerAndSignIn(first.url);
      for (let i = 0; i < 3; i++) assert.equal((await signIn(first.url, username, 'wrong-password-1')).status, 401);
      await first.close();
      const second = await startTestSite({ clock, throttleLimits: limits, dataDir });
      try {
        assert.equal((await signIn(second.url, username, PASSWORD)).status, 429);
        tick(WINDOW * 1000);
        assert.equal((await signIn(second.url, username, PASSWORD)).status, 200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the default limits', () => {
  test('are generous per address and tight per account', () => {
    assert.ok(DEFAULT_THROTTLE_LIMITS.signInAccount.limit <= 10);
    // `npm run traffic -- --rate 200 --users 200` makes ~200 registrations and 90-130 wrong passwords in 30 s.
    assert.ok(DEFAULT_THROTTLE_LIMITS.signInAddress.limit >= 3_000);
    assert.ok(DEFAULT_THROTTLE_LIMITS.registerAddress.limit >= 3_000);
    assert.deepEqual(parseAppConfig({}).throttleLimits, DEFAULT_THROTTLE_LIMITS, 'the settings default to the same limits');
  });
});

describe('the password queue', () => {
  test('computes at most `concurrency` hashes at once and refuses beyond the queue at once', async () => {
    const hasher = createPasswordHasher({ concurrency: 2, queue: 3 });
    const running = [0, 1, 2, 3, 4].map(() => hasher.hash('Orchard-Ladder-42'));
    assert.deepEqual(hasher.load(), { running: 2, waiting: 3 });
    await assert.rejects(hasher.verify('x', 'scrypt$16384$8$1$AAAA$AAAA'), PasswordQueueFullError);
    const hashes = await Promise.all(running);
    assert.equal(hashes.length, 5);
    assert.deepEqual(hasher.load(), { running: 0, waiting: 0 });
    assert.equal(await hasher.verify('Orchard-Ladder-42', hashes[0]), true);
  });

  describe('a full queue over HTTP', () => {
    const site = useTestSite({ passwordHashing: { concurrency: 1, queue: 0 } });

    test('is a 429 with Retry-After: 1 and a message that says to try again, counted as scope="queue"', async () => {
      const { username } = await registerAndSignIn(site.url);
      const answers = await Promise.all([1, 2, 3, 4].map(() => signIn(site.url, username, PASSWORD)));
      const busy = answers.filter((answer) => answer.status === 429);
      assert.ok(
        answers.some((answer) => answer.status === 200),
        'the first one in is served',
      );
      assert.ok(busy.length > 0, `statuses: ${answers.map((answer) => answer.status).join(' ')}`);
      assert.equal(busy[0].headers.get('retry-after'), '1');
      assert.equal(busy[0].body.error, 'The site is busy checking passwords right now. Please try again in a moment.');
      assert.equal(await site.metric('grapevine_accounts_throttled_total', { action: 'sign_in', scope: 'queue' }), busy.length);
    });
  });
});
