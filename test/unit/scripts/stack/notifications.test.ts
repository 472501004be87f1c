// What the HA fault tests count: the notifications that carry one alert firing, and the duplicates
// among them (the same group key and status again).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InboxNotification } from '../../../../scripts/stack/inbox.js';
import { carrying } from '../../../../scripts/stack/notifications.js';

const GROUP = '{}/{severity="info"}:{alertname="NewUserRegistered", severity="info"}';
const ALERT = { alertname: 'NewUserRegistered', instance: '172.18.0.5:4101' };

function notification(id: number, options: { instances: string[]; status?: 'firing' | 'resolved'; groupKey?: string }): InboxNotification {
  const status = options.status ?? 'firing';
  return {
    id,
    receivedAt: new Date(1_800_000_000_000 + id * 1000).toISOString(),
    receiver: 'inbox-info',
    status,
    groupKey: options.groupKey ?? GROUP,
    truncatedAlerts: 0,
    duplicateOf: null,
    commonLabels: { alertname: 'NewUserRegistered', severity: 'info' },
    alerts: options.instances.map((instance) => ({
      status,
      labels: { alertname: 'NewUserRegistered', severity: 'info', instance, job: 'grapevine' },
      annotations: {},
      startsAt: '2027-01-15T08:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: instance,
    })),
  };
}

describe('carrying', () => {
  test('one notification carrying the alert: no duplicates', () => {
    const counted = carrying([notification(1, { instances: [ALERT.instance] })], ALERT, new Set());
    assert.equal(counted.notifications.length, 1);
    assert.equal(counted.duplicates, 0);
  });

  test('the same group and status twice is one duplicate, oldest first, whatever order the inbox lists them in', () => {
    const counted = carrying(
      [notification(3, { instances: [ALERT.instance] }), notification(2, { instances: ['other:4101', ALERT.instance] })],
      ALERT,
      new Set(),
    );
    assert.deepEqual(
      counted.notifications.map((n) => n.id),
      [2, 3],
    );
    assert.equal(counted.duplicates, 1);
  });

  test('what was seen before, other instances, resolved notifications and other groups are left out or kept apart', () => {
    const counted = carrying(
      [
        notification(1, { instances: [ALERT.instance] }),
        notification(2, { instances: ['other:4101'] }),
        notification(3, { instances: [ALERT.instance], status: 'resolved' }),
        notification(4, { instances: [ALERT.instance], groupKey: 'another group' }),
        notification(5, { instances: [ALERT.instance] }),
      ],
      ALERT,
      new Set([1]),
    );
    assert.deepEqual(
      counted.notifications.map((n) => n.id),
      [4, 5],
    );
    assert.equal(counted.duplicates, 0);
  });
});
