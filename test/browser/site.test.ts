// The site as a person uses it, in headless Chromium against the real app (app/site/main.ts on free
// loopback ports, empty DATA_DIR): register through the form and meet its errors, sign in and
// out, chat between two signed-in people, add a game. Every page is screenshotted at a desktop
// and a phone width into test-results/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createGrapevineClient, emailFor, gameName, password, username } from '../../scripts/workshop/client/index.js';
import { startApp, type RunningApp } from './support/app-process.js';
import { browserSkipReason, launchChromium } from './support/chromium.js';
import { screenshot, VIEWPORTS } from './support/screenshots.js';

const skip = browserSkipReason();

describe('the site in a browser', { skip, timeout: 180_000 }, () => {
  let app: RunningApp;
  let browser: Browser;
  /** Console errors and uncaught exceptions on any page (a CSP violation shows up here). */
  const pageProblems: string[] = [];

  before(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A person: their own cookie jar, a desktop-sized page, page problems recorded. */
  async function person(): Promise<Page> {
    const context = await browser.newContext({ baseURL: app.url, viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // A form answered 400/409/401 logs its own status; the tests assert those. Anything else counts.
      const failedDocument = message.text().startsWith('Failed to load resource') && message.location().url === page.url();
      if (!failedDocument) pageProblems.push(`${page.url()}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => pageProblems.push(`${page.url()}: ${error.message}`));
    return page;
  }

  /**
   * Submits the form whose submit button is named `button`; resolves once the page it leads to has
   * loaded (the form again, or where a 303 points), with the status the POST got.
   */
  async function submit(page: Page, button: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      // The old document has loaded already, so the next load event is the new one's.
      page.waitForEvent('load'),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    return response.status();
  }

  const fieldError = (page: Page, name: string) => page.locator(`#field-${name}-error`);
  const signedInAs = (page: Page) => page.locator('.site-header .signed-in strong');

  async function fillRegistration(page: Page, values: { username: string; email: string; password: string }) {
    await page.getByLabel('Username').fill(values.username);
    await page.getByLabel('Email').fill(values.email);
    await page.getByLabel('Password').fill(values.password);
  }

  test('a visitor sees the home, games, sign-in and not-found pages', async () => {
    const page = await person();
    await page.goto('/');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Grapevine');
    assert.ok(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' }).isVisible());
    await screenshot(page, 'home');

    await page.goto('/games');
    assert.match((await page.locator('main').textContent()) ?? '', /No games yet/);
    await screenshot(page, 'games-signed-out');

    await page.goto('/sign-in');
    await screenshot(page, 'sign-in');

    const response = await page.goto('/no-such-page');
    assert.equal(response?.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
    await screenshot(page, 'not-found');
  });

  test('registering with every field empty shows an error beside each field', async () => {
    const page = await person();
    await page.goto('/register');
    await screenshot(page, 'register');

    assert.equal(await submit(page, 'Register'), 400);
    assert.equal(await fieldError(page, 'username').textContent(), 'Username is required.');
    assert.equal(await fieldError(page, 'email').textContent(), 'Email is required.');
    assert.equal(await fieldError(page, 'password').textContent(), 'Password is required.');
    // The error is tied to its field for screen readers, not only placed near it.
    const usernameInput = page.getByLabel('Username');
    assert.equal(await usernameInput.getAttribute('aria-invalid'), 'true');
    assert.match((await usernameInput.getAttribute('aria-describedby')) ?? '', /\bfield-username-error\b/);
    await screenshot(page, 'register-errors');
  });

  test('a username taken in another letter case is refused, and what was typed is kept', async () => {
    const taken = username('Taken');
    const created = await createGrapevineClient(app.url).register({ username: taken, email: emailFor(taken), password: password() });
    assert.equal(created.status, 201);

    const page = await person();
    await page.goto('/register');
    const typed = { username: taken.toLowerCase(), email: `other-${emailFor(taken)}`, password: password() };
    await fillRegistration(page, typed);
    assert.equal(await submit(page, 'Register'), 409);
    assert.equal(await fieldError(page, 'username').textContent(), 'That username is already taken.');
    assert.equal(await page.getByLabel('Username').inputValue(), typed.username);
    assert.equal(await page.getByLabel('Email').inputValue(), typed.email);
    // Passwords are never echoed back into the page.
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    await screenshot(page, 'register-taken');
  });

  test('a weak password is refused, and username and email are kept', async () => {
    const page = await person();
    await page.goto('/register');
    const name = username('weak');
    await fillRegistration(page, { username: name, email: emailFor(name), password: 'password123' });
    assert.equal(await submit(page, 'Register'), 400);
    assert.match((await fieldError(page, 'password').textContent()) ?? '', /too common/);
    assert.equal(await fieldError(page, 'username').count(), 0);
    assert.equal(await page.getByLabel('Username').inputValue(), name);
    assert.equal(await page.getByLabel('Email').inputValue(), emailFor(name));
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    await screenshot(page, 'register-weak-password');
  });

  test('registering signs the person in; they sign out, and back in with the form', async () => {
    const page = await person();
    const me = { username: username('Ada'), password: password() };
    await page.goto('/register');
    await fillRegistration(page, { ...me, email: emailFor(me.username) });
    assert.equal(await submit(page, 'Register'), 303);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await signedInAs(page).textContent(), me.username);
    await screenshot(page, 'home-signed-in');

    await submit(page, 'Sign out');
    assert.equal(await signedInAs(page).count(), 0);
    assert.ok(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).isVisible());

    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(me.username);
    await page.getByLabel('Password').fill(`${me.password}-wrong`);
    assert.equal(await submit(page, 'Sign in'), 401);
    assert.ok(await page.getByRole('alert').isVisible());
    assert.equal(await page.getByLabel('Username').inputValue(), me.username);
    await screenshot(page, 'sign-in-error');

    await page.getByLabel('Password').fill(me.password);
    assert.equal(await submit(page, 'Sign in'), 303);
    assert.equal(await signedInAs(page).textContent(), me.username);
  });

  test('two signed-in people chat: a message sent on one page arrives on the other', async () => {
    const signUp = async (prefix: string) => {
      const page = await person();
      const name = username(prefix);
      await page.goto('/register');
      await fillRegistration(page, { username: name, email: emailFor(name), password: password() });
      assert.equal(await submit(page, 'Register'), 303);
      return { page, name };
    };
    const alice = await signUp('Alice');
    const bob = await signUp('Bob');

    for (const { page } of [alice, bob]) {
      await page.goto('/chat');
      await page.getByRole('status').filter({ hasText: 'Connected to #gossip.' }).waitFor();
    }

    const message = `Hello from the browser test ${Date.now()}`;
    await alice.page.getByRole('textbox', { name: 'Message', exact: true }).fill(message);
    await alice.page.getByRole('button', { name: 'Send' }).click();

    const received = bob.page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: message });
    await received.waitFor();
    assert.match((await received.textContent()) ?? '', new RegExp(`^${alice.name} \\(web chat\\): `), 'a web user is shown as one');
    await alice.page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: message }).waitFor();
    assert.equal(await alice.page.getByRole('textbox', { name: 'Message', exact: true }).inputValue(), '');

    await bob.page.getByRole('textbox', { name: 'Message', exact: true }).fill('Hi Alice!');
    await bob.page.getByRole('button', { name: 'Send' }).click();
    await alice.page.getByRole('listitem').filter({ hasText: 'Hi Alice!' }).waitFor();
    await screenshot(alice.page, 'chat');

    // Signing out elsewhere (here the API, from Bob's own page) closes Bob's chat socket, and the page says so.
    await bob.page.evaluate(() => fetch('/api/sessions', { method: 'DELETE' }));
    await bob.page.getByRole('status').filter({ hasText: 'Signed out (signed out). Sign in again to chat.' }).waitFor();
    assert.ok(await bob.page.getByRole('textbox', { name: 'Message', exact: true }).isDisabled());

    await submit(alice.page, 'Sign out');
    assert.equal(new URL(alice.page.url()).pathname, '/');
    assert.equal(await signedInAs(alice.page).count(), 0);
    await alice.page.goto('/chat');
    assert.equal(new URL(alice.page.url()).pathname, '/sign-in', 'the chat is for signed-in people only');
  });

  test('a signed-in person adds a game and sees its socket credentials once', async () => {
    const page = await person();
    const name = username('owner');
    await page.goto('/register');
    await fillRegistration(page, { username: name, email: emailFor(name), password: password() });
    await submit(page, 'Register');

    await page.goto('/games');
    assert.equal(await submit(page, 'Add game'), 400);
    assert.ok(await fieldError(page, 'name').isVisible());
    await screenshot(page, 'games-error');

    const game = gameName('Browser MUD');
    await page.getByLabel('Game name').fill(game);
    assert.equal(await submit(page, 'Add game'), 201);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `${game} offline`);
    assert.ok(await page.getByText('Client secret', { exact: true }).isVisible());
    await screenshot(page, 'game-created');

    await page.goto('/games');
    assert.ok(await page.getByRole('link', { name: game }).isVisible());
    await screenshot(page, 'games');
  });

  test('no page logged a console error or threw', () => {
    assert.deepEqual(pageProblems, []);
  });
});
