import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { renderInboxPage } from '../../../app/inbox/page.js';
import type { StoredNotification } from '../../../app/inbox/types.js';
import { firingPayload, resolvedPayload, startTestInbox, steppingClock, type TestInbox } from '../support/inbox.js';

describe('GET / (the page a workshop watches)', () => {
  let inbox: TestInbox;
  let html: string;
  let response: Response;
  before(async () => {
    inbox = await startTestInbox({ clock: steppingClock() });
    await inbox.postWebhook(firingPayload());
    await inbox.postWebhook(resolvedPayload());
    response = await fetch(`${inbox.url}/`);
    html = await response.text();
  });
  after(async () => {
    await inbox.close();
  });

  test('is HTML that reloads itself every few seconds and may run no script', () => {
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html, /<meta http-equiv="refresh" content="3">/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.doesNotMatch(html, /<script/i);
  });

  test('shows the resolved notification (green) above the firing one (red)', () => {
    const resolvedAt = html.indexOf('<li class="notification resolved" id="n2">');
    const firingAt = html.indexOf('<li class="notification firing" id="n1">');
    assert.ok(resolvedAt > 0 && firingAt > resolvedAt, 'newest (resolved) first');
    assert.match(html, /\.notification\.firing \{[^}]*#b3261e/);
    assert.match(html, /\.notification\.resolved \{[^}]*#1e7d32/);
  });

  test("shows each alert's name, severity, summary, description, runbook link and times", () => {
    assert.match(html, /<strong>NewUserRegistered<\/strong> · severity <strong>info<\/strong>/);
    assert.match(html, /A new user registered on Grapevine/);
    assert.match(html, /created at least one account in the last 5 minutes/);
    assert.match(
      html,
      /<a href="https:\/\/github\.com\/grapevine-observatory\/grapevine-observatory#runbook-newuserregistered">Runbook<\/a>/,
    );
    assert.match(html, /Starts <time datetime="2026-11-25T02:19:45\.275Z">2026-11-25 02:19:45 UTC<\/time>/);
    assert.match(html, /ends <time datetime="2026-11-25T02:24:46\.798Z">/);
    assert.match(html, /Receiver <code>inbox-info<\/code>/);
    assert.match(html, /all alerts resolved/);
  });

  test('a firing alert shows no end time (Alertmanager sends Go zero time)', () => {
    assert.doesNotMatch(html, /0001-01-01/);
  });
});

describe('renderInboxPage escapes everything that came in a request', () => {
  const hostile = '<script>alert("x")</script>&\'';
  const notification: StoredNotification = {
    id: 1,
    receivedAt: '2026-11-25T02:20:00.000Z',
    receiver: hostile,
    status: 'firing',
    groupKey: hostile,
    truncatedAlerts: 2,
    groupLabels: { alertname: hostile },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: hostile,
    notificationReason: hostile,
    duplicateOf: null,
    alertCount: 1,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: hostile, severity: hostile, [hostile]: hostile },
        annotations: { summary: hostile, description: hostile, runbook_url: 'javascript:alert(1)' },
        startsAt: hostile,
        endsAt: hostile,
        generatorURL: hostile,
        fingerprint: 'f',
      },
    ],
  };
  const html = renderInboxPage(
    { notifications: [notification], before: undefined, olderQuery: undefined },
    new Date('2026-11-25T02:20:05.000Z'),
  );

  test('no raw markup from values survives', () => {
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&#39;/);
  });

  test('a runbook_url that is not http(s) is shown as text, never as a link', () => {
    assert.doesNotMatch(html, /href="javascript:/);
    assert.match(html, /Runbook: javascript:alert\(1\)/);
  });

  test('says when Alertmanager left alerts out', () => {
    assert.match(html, /2 more alerts left out by Alertmanager/);
  });

  test('long values are cut on the page (the API keeps them whole)', () => {
    const long = { ...notification, alerts: [{ ...notification.alerts[0], annotations: { description: `${'d'.repeat(600)}END` } }] };
    const page = renderInboxPage({ notifications: [long], before: undefined, olderQuery: undefined }, new Date());
    assert.match(page, new RegExp(`<p class="description">${'d'.repeat(500)}…</p>`));
    assert.doesNotMatch(page, /END/);
  });

  test('an empty inbox says how to fill it', () => {
    assert.match(
      renderInboxPage({ notifications: [], before: undefined, olderQuery: undefined }, new Date()),
      /No notifications yet\. Register a user/,
    );
  });
});
