import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WEBHOOK_REJECTED_TOTAL } from '../../../app/inbox/metrics.js';
import { createNotificationRepository } from '../../../app/inbox/repository.js';
import { firingPayload, metricValue, startTestInbox } from '../support/inbox.js';

function payloadWith(alertCount: number): Record<string, any> {
  const payload = firingPayload();
  const [template] = payload.alerts;
  payload.alerts = Array.from({ length: alertCount }, (_, i) => ({ ...template, fingerprint: `fp-${i}` }));
  return payload;
}

describe('INBOX_MAX_ALERTS_PER_NOTIFICATION', () => {
  test('the default, 100 alerts, is accepted (real alerts fit the body limit it implies)', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    const payload = payloadWith(100);
    for (const alert of payload.alerts) alert.annotations.description = 'd'.repeat(2000);
    assert.equal((await inbox.postWebhook(payload)).status, 201);
    assert.deepEqual(inbox.count(), { notifications: 1, alerts: 100 });
  });

  test('one alert more is a 413 that says what to set, stores nothing, and is counted as too_many_alerts', async (t) => {
    const inbox = await startTestInbox({ maxAlertsPerNotification: 5 });
    t.after(() => inbox.close());
    assert.equal((await inbox.postWebhook(payloadWith(5))).status, 201);
    const response = await inbox.postWebhook(payloadWith(6));
    assert.equal(response.status, 413);
    assert.match(
      ((await response.json()) as { error: string }).error,
      /at most 5 alerts, this one has 6: set the webhook's max_alerts to 5/,
    );
    assert.deepEqual(inbox.count(), { notifications: 1, alerts: 5 });
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'too_many_alerts' }), 1);
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'too_large' }), 0);
  });

  test('a body past what the cap needs (16 KiB + 4 KiB an alert) is a 413 too_large', async (t) => {
    const inbox = await startTestInbox({ maxAlertsPerNotification: 1, bodyLimitBytes: 20 * 1024 });
    t.after(() => inbox.close());
    const payload = payloadWith(1);
    payload.alerts[0].annotations.description = 'd'.repeat(21 * 1024);
    const response = await inbox.postWebhook(payload);
    assert.equal(response.status, 413);
    assert.match(((await response.json()) as { error: string }).error, /larger than 20480 bytes/);
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'too_large' }), 1);
  });

  test('what Alertmanager truncated (truncatedAlerts) is shown in the API and on the page', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    const payload = payloadWith(100);
    payload.truncatedAlerts = 23;
    assert.equal((await inbox.postWebhook(payload)).status, 201);
    const body = (await (await fetch(`${inbox.url}/api/notifications`)).json()) as {
      notifications: Array<{ truncatedAlerts: number; alerts: unknown[] }>;
    };
    assert.equal(body.notifications[0]?.truncatedAlerts, 23);
    assert.equal(body.notifications[0]?.alerts.length, 100);
    const html = await (await fetch(`${inbox.url}/`)).text();
    assert.match(html, /100 alerts · first notification · 23 more alerts left out by Alertmanager/);
    // The page shows the first 10 of a notification's alerts and links the rest.
    assert.equal(html.split('<li class="alert firing">').length - 1, 10);
    assert.match(html, /90 more alerts in this notification: <a href="\/api\/notifications\?before=2&amp;limit=1">/);
    // The page's read takes only those 10 from SQLite, and still knows there are 100.
    const [read] = createNotificationRepository(inbox.db).listPage({ limit: 1, alertsEach: 10 }).notifications;
    assert.equal(read?.alerts.length, 10);
    assert.equal(read?.alertCount, 100);
  });
});
