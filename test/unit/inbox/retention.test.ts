// Retention by count and by age, on a real SQLite file: through POST /webhook (bounded per write)
// and at start-up (pruneAll), with alerts deleted along with their notifications.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../../app/kernel/clock.js';
import { createRetention, PRUNE_BATCH } from '../../../app/inbox/retention.js';
import { createNotificationRepository } from '../../../app/inbox/repository.js';
import { validateWebhookPayload } from '../../../app/inbox/validate.js';
import { firingPayload, startTestInbox } from '../support/inbox.js';

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { advance(ms: number): void } {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

/** A firing payload for its own alert (distinct, so no duplicate flags get in the way). */
function payloadNumber(n: number): Record<string, any> {
  const payload = firingPayload();
  payload.alerts[0].fingerprint = `fp-${n}`;
  return payload;
}

async function ids(url: string): Promise<number[]> {
  const body = (await (await fetch(`${url}/api/notifications`)).json()) as { notifications: Array<{ id: number }> };
  return body.notifications.map((n) => n.id);
}

describe('retention', () => {
  test('by count: past INBOX_MAX_NOTIFICATIONS each write deletes the oldest, alerts with them', async (t) => {
    const inbox = await startTestInbox({ maxNotifications: 3 });
    t.after(() => inbox.close());
    for (let n = 1; n <= 5; n += 1) assert.equal((await inbox.postWebhook(payloadNumber(n))).status, 201);
    assert.deepEqual(await ids(inbox.url), [5, 4, 3]);
    assert.deepEqual(inbox.count(), { notifications: 3, alerts: 3 });
  });

  test('by age: a write deletes what is older than INBOX_RETENTION_HOURS', async (t) => {
    const clock = manualClock('2026-11-25T00:00:00.000Z');
    const inbox = await startTestInbox({ retentionHours: 1, clock });
    t.after(() => inbox.close());
    await inbox.postWebhook(payloadNumber(1));
    clock.advance(30 * 60_000);
    await inbox.postWebhook(payloadNumber(2));
    clock.advance(31 * 60_000); // the first is now 61 minutes old, the second 31
    await inbox.postWebhook(payloadNumber(3));
    assert.deepEqual(await ids(inbox.url), [3, 2]);
    assert.deepEqual(inbox.count(), { notifications: 2, alerts: 2 });
  });

  test(`a write deletes at most ${PRUNE_BATCH} however far behind retention is; start-up catches up completely`, async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    const repository = createNotificationRepository(inbox.db);
    const result = validateWebhookPayload(firingPayload());
    assert.ok(result.ok);
    for (let n = 0; n < 100; n += 1) repository.save(result.payload, new Date('2026-11-25T00:00:00Z'));

    // Lowered to 10: 90 are over the limit; one write removes PRUNE_BATCH, and adds one.
    const lowered = createRetention(inbox.db, { maxNotifications: 10, retentionHours: 168 });
    assert.equal(lowered.prune(new Date('2026-11-25T00:01:00Z')), PRUNE_BATCH);
    assert.equal(inbox.count().notifications, 100 - PRUNE_BATCH);
    assert.equal(lowered.pruneAll(new Date('2026-11-25T00:01:00Z')), 90 - PRUNE_BATCH);
    assert.deepEqual(inbox.count(), { notifications: 10, alerts: 10 });

    // A week later (default 168 h): all of them are past the age limit.
    const weekLater = createRetention(inbox.db, { maxNotifications: 10_000, retentionHours: 168 });
    assert.equal(weekLater.pruneAll(new Date('2026-12-02T00:00:01Z')), 10);
    assert.deepEqual(inbox.count(), { notifications: 0, alerts: 0 });
  });

  test('the deletes use the indexes, not a scan of everything stored', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    const plan = (sql: string): string =>
      inbox.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => (row as { detail: string }).detail)
        .join('; ');
    const byAge = plan(`SELECT id FROM notifications WHERE received_at < '2026-11-25' ORDER BY received_at LIMIT 20`);
    assert.match(byAge, /USING COVERING INDEX notifications_received_at/);
    assert.match(plan('SELECT id FROM notifications WHERE id <= 5 ORDER BY id LIMIT 20'), /USING INTEGER PRIMARY KEY/);
    const sameAlertSet = plan(
      `SELECT id, duplicate_of FROM notifications WHERE alert_set_key = 'k' AND received_at >= '2026-11-25'
        ORDER BY received_at DESC, id DESC LIMIT 1`,
    );
    assert.match(sameAlertSet, /USING INDEX notifications_alert_set/);
  });
});
