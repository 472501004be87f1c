import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NOTIFICATIONS_DUPLICATE_TOTAL, NOTIFICATIONS_RECEIVED_TOTAL, WEBHOOK_REJECTED_TOTAL } from '../../../app/inbox/metrics.js';
import { firingPayload, metricValue, resolvedPayload, startTestInbox } from '../support/inbox.js';

describe('the inbox /metrics', () => {
  test('every counter exists at 0 from start-up, so increase() sees the first notification', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    const response = await fetch(`${inbox.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^grapevine_inbox_notifications_received_total\{status="firing"\} 0$/m);
    assert.match(text, /^grapevine_inbox_notifications_received_total\{status="resolved"\} 0$/m);
    for (const reason of ['unauthorized', 'unsupported_media_type', 'too_large', 'too_many_alerts', 'invalid']) {
      assert.match(text, new RegExp(`^grapevine_inbox_webhook_rejected_total\\{reason="${reason}"\\} 0$`, 'm'));
    }
    assert.match(text, /^grapevine_inbox_notifications_duplicate_total 0$/m);
  });

  test('counters move with stored and refused notifications', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    await inbox.postWebhook(firingPayload());
    await inbox.postWebhook(firingPayload());
    await inbox.postWebhook(resolvedPayload());
    await inbox.postWebhook('{', {});
    assert.equal(await metricValue(inbox.registry, NOTIFICATIONS_RECEIVED_TOTAL, { status: 'firing' }), 2);
    assert.equal(await metricValue(inbox.registry, NOTIFICATIONS_RECEIVED_TOTAL, { status: 'resolved' }), 1);
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'invalid' }), 1);
    assert.equal(await metricValue(inbox.registry, NOTIFICATIONS_DUPLICATE_TOTAL), 1, 'the second identical firing is a duplicate');
    const text = await (await fetch(`${inbox.url}/metrics`)).text();
    assert.match(text, /^grapevine_inbox_notifications_received_total\{status="firing"\} 2$/m);
    assert.match(text, /^grapevine_inbox_webhook_rejected_total\{reason="invalid"\} 1$/m);
  });

  test('serves OpenMetrics when Prometheus asks for it', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    const response = await fetch(`${inbox.url}/metrics`, {
      headers: { accept: 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4' },
    });
    assert.match(response.headers.get('content-type') ?? '', /^application\/openmetrics-text/);
    const text = await response.text();
    assert.match(text, /^grapevine_inbox_webhook_rejected_total\{reason="invalid"\} 0$/m);
    assert.match(text, /# EOF\n$/);
  });
});

describe('the inbox health checks', () => {
  test('live and ready answer 200 while the database answers', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    assert.equal((await fetch(`${inbox.url}/health/live`)).status, 200);
    const ready = await fetch(`${inbox.url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ok' });
  });

  test('ready answers 503 when the database does not, while live stays 200', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    inbox.db.close();
    const ready = await fetch(`${inbox.url}/health/ready`);
    assert.equal(ready.status, 503);
    assert.match(((await ready.json()) as { error: string }).error, /database/);
    assert.equal((await fetch(`${inbox.url}/health/live`)).status, 200);
  });
});
