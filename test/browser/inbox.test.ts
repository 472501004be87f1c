// The alert inbox page as a workshop watches it, on the project's own compose stack: a user
// registers (over the API), NewUserRegistered travels Prometheus -> Alertmanager -> inbox, and
// the inbox page shows it with its summary. Screenshots at desktop and phone widths.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createGrapevineClient, emailFor, password, username } from '../../scripts/workshop/client/index.js';
import { inboxApi } from '../../scripts/stack/inbox.js';
import { prometheusApi } from '../../scripts/stack/prometheus.js';
import { waitFor } from '../../scripts/stack/wait.js';
import { integrationSkipReason } from '../integration/support/gate.js';
import { alertRule } from '../integration/support/rules.js';
import { startStack, type Stack } from '../integration/support/stack.js';
import { browserSkipReason, launchChromium } from './support/chromium.js';
import { screenshot, VIEWPORTS } from './support/screenshots.js';

const skip = browserSkipReason() ?? (await integrationSkipReason());

describe('the alert inbox page in a browser', { skip, timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  let urls: { app: string; inbox: string; prometheus: string };

  before(async () => {
    [stack, browser] = await Promise.all([startStack({ withGrafana: false }), launchChromium()]);
    urls = { app: await stack.url('app'), inbox: await stack.url('inbox'), prometheus: await stack.url('prometheus') };
  });
  after(async () => {
    await browser?.close();
    await stack?.down();
  });

  test('before any alert the page says how to fire one', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(urls.inbox);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Alert inbox');
    assert.match((await page.locator('body').textContent()) ?? '', /No notifications yet/);
    await screenshot(page, 'inbox-empty');
    await page.close();
  });

  test("a new user's NewUserRegistered notification shows on the page with its summary", async () => {
    // increase() cannot see an event that happens before Prometheus' first scrape of the counter
    // (the series would start at 1), so register only once Prometheus holds its 0.
    const prometheus = prometheusApi(urls.prometheus);
    await waitFor(
      async () =>
        (await prometheus.query('sum(grapevine_accounts_create_total{job="grapevine"})'))[0]?.value[1] === '0' ? true : undefined,
      { what: 'Prometheus to scrape grapevine_accounts_create_total at 0', timeoutMs: 60_000 },
    );
    const name = username('inbox');
    const registered = await createGrapevineClient(urls.app).register({ username: name, email: emailFor(name), password: password() });
    assert.equal(registered.status, 201);
    await waitFor(() => inboxApi(urls.inbox).findAlert('NewUserRegistered', 'firing'), {
      what: "NewUserRegistered firing in the inbox's /api/notifications",
      timeoutMs: 60_000,
    });

    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(urls.inbox);
    const notification = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /NewUserRegistered/ }) })
      .first();
    await notification.waitFor();
    const text = (await notification.textContent()) ?? '';
    assert.match(text, /firing/i);
    const summary = alertRule('NewUserRegistered').annotations?.summary;
    assert.ok(summary, 'the rule has a summary annotation');
    assert.ok(text.includes(summary), `the notification shows the summary ${JSON.stringify(summary)}; it reads: ${text}`);
    await screenshot(page, 'inbox');
    await page.close();
  });
});
