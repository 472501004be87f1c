// Duplicate flagging, as redundant Alertmanagers (issue 13) need it: every notification is stored,
// and one equal to an earlier one (group key, status, alerts by fingerprint, startsAt and endsAt)
// received within INBOX_DUPLICATE_WINDOW_SECONDS is marked duplicateOf that one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../../app/kernel/clock.js';
import { NOTIFICATIONS_DUPLICATE_TOTAL, NOTIFICATIONS_RECEIVED_TOTAL } from '../../../app/inbox/metrics.js';
import { firingPayload, metricValue, resolvedPayload, startTestInbox, type TestInbox } from '../support/inbox.js';

function manualClock(start: string): Clock & { advance(seconds: number): void } {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (seconds) => (now += seconds * 1000) };
}

type Listed = { id: number; duplicateOf: number | null };

async function post(inbox: TestInbox, payload: unknown): Promise<{ id: number; duplicateOf: number | null }> {
  const response = await inbox.postWebhook(payload);
  assert.equal(response.status, 201);
  return (await response.json()) as { id: number; duplicateOf: number | null };
}

async function listed(inbox: TestInbox): Promise<Listed[]> {
  const body = (await (await fetch(`${inbox.url}/api/notifications`)).json()) as { notifications: Listed[] };
  return body.notifications.map(({ id, duplicateOf }) => ({ id, duplicateOf })).reverse();
}

function twoAlerts(): Record<string, any> {
  const payload = firingPayload();
  payload.alerts.push({ ...payload.alerts[0], fingerprint: 'second', startsAt: '2026-11-25T02:19:46.000Z' });
  return payload;
}

describe('duplicate notifications', () => {
  test('the same notification from three Alertmanagers: stored three times, the later two flagged', async (t) => {
    const clock = manualClock('2026-11-25T02:20:00Z');
    const inbox = await startTestInbox({ clock });
    t.after(() => inbox.close());
    assert.deepEqual(await post(inbox, firingPayload()), { id: 1, duplicateOf: null });
    clock.advance(15); // the second peer waits peer_timeout
    const second = firingPayload();
    second.receiver = 'inbox-info';
    second.externalURL = 'http://alertmanager-2:9093'; // another Alertmanager: not part of what is compared
    assert.deepEqual(await post(inbox, second), { id: 2, duplicateOf: 1 });
    clock.advance(15);
    assert.deepEqual(await post(inbox, firingPayload()), { id: 3, duplicateOf: 1 }, 'a duplicate of a duplicate names the original');
    assert.deepEqual(inbox.count(), { notifications: 3, alerts: 3 });
    assert.equal(await metricValue(inbox.registry, NOTIFICATIONS_DUPLICATE_TOTAL), 2);
    assert.equal(await metricValue(inbox.registry, NOTIFICATIONS_RECEIVED_TOTAL, { status: 'firing' }), 3);
  });

  test('alerts in another order are the same set', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    const reordered = twoAlerts();
    reordered.alerts.reverse();
    await post(inbox, twoAlerts());
    assert.equal((await post(inbox, reordered)).duplicateOf, 1);
  });

  test('what differs is news: status, endsAt, startsAt (it fired again), another alert, another group', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    await post(inbox, firingPayload());
    const variants: Array<(p: Record<string, any>) => void> = [
      () => undefined, // the baseline's duplicate, for contrast
      (p) => Object.assign(p, resolvedPayload()),
      (p) => (p.alerts[0].endsAt = '2026-11-25T02:30:00Z'),
      (p) => (p.alerts[0].startsAt = '2026-11-25T02:25:00Z'),
      (p) => p.alerts.push({ ...p.alerts[0], fingerprint: 'another' }),
      (p) => (p.groupKey = '{}/{severity="warning"}:{alertname="NewUserRegistered"}'),
    ];
    for (const change of variants) {
      const payload = firingPayload();
      change(payload);
      await post(inbox, payload);
    }
    assert.deepEqual(await listed(inbox), [
      { id: 1, duplicateOf: null },
      { id: 2, duplicateOf: 1 },
      { id: 3, duplicateOf: null },
      { id: 4, duplicateOf: null },
      { id: 5, duplicateOf: null },
      { id: 6, duplicateOf: null },
      { id: 7, duplicateOf: null },
    ]);
  });

  test("outside the window it is not a duplicate: Alertmanager's reminder after repeat_interval (1 h)", async (t) => {
    const clock = manualClock('2026-11-25T02:20:00Z');
    const inbox = await startTestInbox({ clock });
    t.after(() => inbox.close());
    await post(inbox, firingPayload());
    clock.advance(600); // exactly the default window: still inside
    assert.equal((await post(inbox, firingPayload())).duplicateOf, 1);
    clock.advance(3600); // the repeat_interval reminder
    assert.equal((await post(inbox, firingPayload())).duplicateOf, null);
  });

  test('INBOX_DUPLICATE_WINDOW_SECONDS=0 flags nothing', async (t) => {
    const inbox = await startTestInbox({ duplicateWindowSeconds: 0 });
    t.after(() => inbox.close());
    await post(inbox, firingPayload());
    assert.equal((await post(inbox, firingPayload())).duplicateOf, null);
  });

  test('the page marks a duplicate and links the original', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    await post(inbox, firingPayload());
    await post(inbox, firingPayload());
    const html = await (await fetch(`${inbox.url}/`)).text();
    assert.match(html, /<li class="notification firing duplicate" id="n2">/);
    assert.match(html, /<span class="duplicate-of">duplicate of <a href="#n1">#1<\/a><\/span>/);
    assert.match(html, /<li class="notification firing" id="n1">/);
  });
});
