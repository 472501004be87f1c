import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { firingPayload, resolvedPayload, startTestInbox, steppingClock, type TestInbox } from '../support/inbox.js';

type Listing = { notifications: Array<{ id: number; status: string; receivedAt: string }> };

describe('GET /api/notifications', () => {
  let inbox: TestInbox;
  before(async () => {
    inbox = await startTestInbox({ clock: steppingClock() });
    for (let i = 0; i < 5; i += 1) {
      const response = await inbox.postWebhook(i % 2 === 0 ? firingPayload() : resolvedPayload());
      assert.equal(response.status, 201);
    }
  });
  after(async () => {
    await inbox.close();
  });

  const list = async (query = ''): Promise<Response> => fetch(`${inbox.url}/api/notifications${query}`);

  test('lists every notification newest first, with exactly the contract keys', async () => {
    const response = await list();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as Listing;
    assert.deepEqual(Object.keys(body), ['notifications']);
    assert.deepEqual(
      body.notifications.map((n) => n.id),
      [5, 4, 3, 2, 1],
    );
    assert.deepEqual(
      body.notifications.map((n) => n.status),
      ['firing', 'resolved', 'firing', 'resolved', 'firing'],
    );
    for (const notification of body.notifications) {
      assert.deepEqual(Object.keys(notification), [
        'id',
        'receivedAt',
        'receiver',
        'status',
        'groupKey',
        'commonLabels',
        'alerts',
        'truncatedAlerts',
        'duplicateOf',
      ]);
      const alerts = (notification as unknown as { alerts: object[] }).alerts;
      for (const alert of alerts) {
        assert.deepEqual(Object.keys(alert), ['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'fingerprint']);
      }
    }
    const times = body.notifications.map((n) => Date.parse(n.receivedAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  });

  test('?limit= returns the newest n', async () => {
    const body = (await (await list('?limit=2')).json()) as Listing;
    assert.deepEqual(
      body.notifications.map((n) => n.id),
      [5, 4],
    );
  });

  for (const bad of ['0', '-1', '1.5', 'ten', '101', '1000', '', '9'.repeat(30)]) {
    test(`?limit=${bad.length > 10 ? `${bad.slice(0, 5)}...` : bad} is a 400 naming limit`, async () => {
      const response = await list(`?limit=${bad}`);
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: string }).error, /^limit must be a whole number from 1 to 100, got/);
    });
  }

  test('?limit given twice is a 400', async () => {
    const response = await list('?limit=1&limit=2');
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /limit must be given once/);
  });

  test('an empty inbox lists nothing', async (t) => {
    const empty = await startTestInbox();
    t.after(() => empty.close());
    const response = await fetch(`${empty.url}/api/notifications`);
    assert.deepEqual(await response.json(), { notifications: [] });
  });
});
