import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { WEBHOOK_REJECTED_TOTAL } from '../../../app/inbox/metrics.js';
import { firingPayload, metricSum, metricValue, resolvedPayload, startTestInbox, steppingClock, type TestInbox } from '../support/inbox.js';

describe('POST /webhook stores valid Alertmanager notifications', () => {
  let inbox: TestInbox;
  beforeEach(async () => {
    inbox = await startTestInbox({ clock: steppingClock() });
  });
  afterEach(async () => {
    await inbox.close();
  });

  test('a firing notification is stored with its alert and answered 201 with its id', async () => {
    const response = await inbox.postWebhook(firingPayload());
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), { id: 1, duplicateOf: null });
    assert.deepEqual(inbox.count(), { notifications: 1, alerts: 1 });
  });

  test('firing then resolved are listed newest first, in the contract shape', async () => {
    assert.equal((await inbox.postWebhook(firingPayload())).status, 201);
    assert.equal((await inbox.postWebhook(resolvedPayload())).status, 201);

    const response = await fetch(`${inbox.url}/api/notifications`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const labels = { alertname: 'NewUserRegistered', instance: 'app:4101', job: 'grapevine', severity: 'info' };
    const annotations = {
      description: 'The app replica app:4101 (job grapevine) created at least one account in the last 5 minutes.',
      runbook_url: 'https://github.com/grapevine-observatory/grapevine-observatory#runbook-newuserregistered',
      summary: 'A new user registered on Grapevine',
    };
    const groupKey = '{}/{severity="info"}:{alertname="NewUserRegistered", severity="info"}';
    assert.deepEqual(await response.json(), {
      notifications: [
        {
          id: 2,
          receivedAt: '2026-11-25T02:20:01.000Z',
          receiver: 'inbox-info',
          status: 'resolved',
          groupKey,
          commonLabels: labels,
          alerts: [
            {
              status: 'resolved',
              labels,
              annotations,
              startsAt: '2026-11-25T02:19:45.275Z',
              endsAt: '2026-11-25T02:24:46.798Z',
              fingerprint: '64c3133487b6ffa0',
            },
          ],
          truncatedAlerts: 0,
          duplicateOf: null,
        },
        {
          id: 1,
          receivedAt: '2026-11-25T02:20:00.000Z',
          receiver: 'inbox-info',
          status: 'firing',
          groupKey,
          commonLabels: labels,
          alerts: [
            {
              status: 'firing',
              labels,
              annotations,
              startsAt: '2026-11-25T02:19:45.275Z',
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: '64c3133487b6ffa0',
            },
          ],
          truncatedAlerts: 0,
          duplicateOf: null,
        },
      ],
    });
  });

  test('a group of several alerts keeps them all, in the order Alertmanager sent them', async () => {
    const payload = firingPayload();
    const [first] = payload.alerts;
    payload.alerts = ['app-1:4101', 'app-2:4101', 'app-3:4101'].map((instance, index) => ({
      ...first,
      labels: { ...first.labels, instance },
      fingerprint: `f${index}`,
    }));
    assert.equal((await inbox.postWebhook(payload)).status, 201);
    assert.deepEqual(inbox.count(), { notifications: 1, alerts: 3 });
    const { notifications } = (await (await fetch(`${inbox.url}/api/notifications`)).json()) as {
      notifications: Array<{ alerts: Array<{ fingerprint: string; labels: Record<string, string> }> }>;
    };
    assert.deepEqual(
      notifications[0].alerts.map((alert) => alert.labels.instance),
      ['app-1:4101', 'app-2:4101', 'app-3:4101'],
    );
  });

  test('fields Alertmanager may add later are ignored, and notification_reason is optional', async () => {
    const payload = firingPayload();
    payload.somethingNew = { nested: true };
    payload.alerts[0].alsoNew = 1;
    delete payload.notification_reason;
    assert.equal((await inbox.postWebhook(payload)).status, 201);
    assert.deepEqual(inbox.count(), { notifications: 1, alerts: 1 });
  });

  test('a label named __proto__ is kept as plain data', async () => {
    const payload = firingPayload();
    payload.alerts[0].labels = { ...payload.alerts[0].labels, ['__proto__']: 'x' };
    assert.equal((await inbox.postWebhook(payload)).status, 201);
    const { notifications } = (await (await fetch(`${inbox.url}/api/notifications`)).json()) as {
      notifications: Array<{ alerts: Array<{ labels: Record<string, string> }> }>;
    };
    const labels = notifications[0].alerts[0].labels;
    assert.ok(Object.keys(labels).includes('__proto__'));
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  });

  test('a charset=utf-8 parameter on the content type is fine', async () => {
    const response = await inbox.postWebhook(firingPayload(), { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(response.status, 201);
  });
});

describe('POST /webhook refuses bad requests with a clear 4xx and stores nothing', () => {
  let inbox: TestInbox;
  before(async () => {
    inbox = await startTestInbox({ bodyLimitBytes: 4096 });
  });
  after(async () => {
    await inbox.close();
  });

  async function assertRejected(response: Response, status: number, message: RegExp): Promise<void> {
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as { error?: unknown };
    assert.equal(typeof body.error, 'string');
    assert.match(body.error as string, message);
    assert.deepEqual(inbox.count(), { notifications: 0, alerts: 0 }, 'nothing may be stored');
  }

  test('415 for a body that is not sent as application/json', async () => {
    const text = JSON.stringify(firingPayload());
    await assertRejected(await inbox.postWebhook(text, { 'content-type': 'text/plain' }), 415, /Content-Type must be application\/json/);
    await assertRejected(await inbox.postWebhook('a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, /application\/json/);
    await assertRejected(await inbox.postWebhook(text, { 'content-type': 'application/json; charset=latin1' }), 415, /UTF-8/);
  });

  test('415 for a compressed body', async () => {
    await assertRejected(await inbox.postWebhook(firingPayload(), { 'content-encoding': 'gzip' }), 415, /Content-Encoding: gzip/);
  });

  test('400 for malformed JSON and an empty body', async () => {
    await assertRejected(await inbox.postWebhook('{"version": "4", '), 400, /not valid JSON/);
    await assertRejected(await inbox.postWebhook(''), 400, /empty/);
    await assertRejected(await inbox.postWebhook(' \n'), 400, /empty/);
  });

  test('400 for JSON that is not an object', async () => {
    await assertRejected(await inbox.postWebhook('[]'), 400, /must be a JSON object/);
    await assertRejected(await inbox.postWebhook('null'), 400, /must be a JSON object/);
    await assertRejected(await inbox.postWebhook('"firing"'), 400, /must be a JSON object/);
  });

  test('413 for a body over the limit, declared or streamed without a length', async () => {
    const big = firingPayload();
    big.commonAnnotations.description = 'x'.repeat(5000);
    await assertRejected(await inbox.postWebhook(big), 413, /larger than 4096 bytes/);

    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 1000) controller.enqueue(bytes.slice(offset, offset + 1000));
        controller.close();
      },
    });
    const chunked = await fetch(`${inbox.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${inbox.token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await assertRejected(chunked, 413, /larger than 4096 bytes/);
  });

  // Each case breaks one field of a real payload; the message must name that field.
  const invalid: Array<[string, (payload: Record<string, any>) => void, RegExp]> = [
    ['version "3"', (p) => (p.version = '3'), /version must be "4".*got string "3"/],
    ['version as a number', (p) => (p.version = 4), /version must be "4".*got number 4/],
    ['receiver missing', (p) => delete p.receiver, /receiver must be a non-empty string, got nothing/],
    ['status "pending"', (p) => (p.status = 'pending'), /status must be "firing" or "resolved", got string "pending"/],
    ['groupKey empty', (p) => (p.groupKey = ''), /groupKey must be a non-empty string/],
    ['truncatedAlerts negative', (p) => (p.truncatedAlerts = -1), /truncatedAlerts must be a whole number/],
    ['truncatedAlerts as a string', (p) => (p.truncatedAlerts = '0'), /truncatedAlerts must be a whole number.*got string/],
    ['groupLabels null', (p) => (p.groupLabels = null), /groupLabels must be an object of string values, got null/],
    ['commonLabels value not a string', (p) => (p.commonLabels.severity = 3), /commonLabels\.severity must be a string, got number 3/],
    ['commonAnnotations an array', (p) => (p.commonAnnotations = []), /commonAnnotations must be an object.*got an array/],
    ['externalURL missing', (p) => delete p.externalURL, /externalURL must be a string/],
    ['notification_reason not a string', (p) => (p.notification_reason = 7), /notification_reason must be a string/],
    ['alerts missing', (p) => delete p.alerts, /alerts must be an array of alerts, got nothing/],
    ['alerts empty', (p) => (p.alerts = []), /alerts must hold at least one alert/],
    ['an alert that is not an object', (p) => (p.alerts = ['x']), /alerts\[0\] must be an object/],
    ['alert status unknown', (p) => (p.alerts[0].status = 'unknown'), /alerts\[0\]\.status must be "firing" or "resolved"/],
    [
      'alert label not a string',
      (p) => (p.alerts[0].labels.severity = true),
      /alerts\[0\]\.labels\.severity must be a string, got boolean/,
    ],
    ['alert without labels', (p) => (p.alerts[0].labels = {}), /alerts\[0\]\.labels must hold at least one label/],
    ['alert annotations missing', (p) => delete p.alerts[0].annotations, /alerts\[0\]\.annotations must be an object/],
    ['startsAt not a timestamp', (p) => (p.alerts[0].startsAt = 'yesterday'), /alerts\[0\]\.startsAt must be an RFC 3339 timestamp/],
    ['startsAt not a real day', (p) => (p.alerts[0].startsAt = '2026-02-30T00:00:00Z'), /alerts\[0\]\.startsAt must be an RFC 3339/],
    ['endsAt missing', (p) => delete p.alerts[0].endsAt, /alerts\[0\]\.endsAt must be an RFC 3339 timestamp.*got nothing/],
    ['generatorURL null', (p) => (p.alerts[0].generatorURL = null), /alerts\[0\]\.generatorURL must be a string, got null/],
    ['fingerprint empty', (p) => (p.alerts[0].fingerprint = ''), /alerts\[0\]\.fingerprint must be a non-empty string/],
    [
      'a bad second alert after a good first one',
      (p) => p.alerts.push({ ...p.alerts[0], startsAt: 12 }),
      /alerts\[1\]\.startsAt must be an RFC 3339 timestamp.*got number 12/,
    ],
  ];
  for (const [name, breakIt, message] of invalid) {
    test(`400 naming the field: ${name}`, async () => {
      const payload = firingPayload();
      breakIt(payload);
      await assertRejected(await inbox.postWebhook(payload), 400, message);
    });
  }

  test('several problems are all named in one message', async () => {
    const payload = firingPayload();
    delete payload.receiver;
    payload.alerts[0].fingerprint = 5;
    await assertRejected(
      await inbox.postWebhook(payload),
      400,
      /^invalid Alertmanager webhook payload: receiver .*; alerts\[0\]\.fingerprint /,
    );
  });

  test('every refusal above was counted in grapevine_inbox_webhook_rejected_total, by reason', async () => {
    // 3 (415) + 1 (gzip); 2 (413); 3 (400 body) + 3 (not an object) + the field cases + 1 (several).
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'unsupported_media_type' }), 3 + 1);
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'too_large' }), 2);
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'invalid' }), 3 + 3 + invalid.length + 1);
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'unauthorized' }), 0);
  });

  test('GET /webhook is 405 with Allow: POST', async () => {
    const response = await fetch(`${inbox.url}/webhook`);
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
  });
});

describe('a notification and its alerts are stored in one transaction', () => {
  test('when storing the second alert fails, the notification and first alert are rolled back (500)', async (t) => {
    const inbox = await startTestInbox();
    t.after(() => inbox.close());
    // Make SQLite itself refuse the second alert row, after the notification and first alert went in.
    inbox.db.exec(`CREATE TRIGGER refuse_second_alert BEFORE INSERT ON alerts WHEN NEW.position = 1
                   BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const payload = firingPayload();
    payload.alerts.push({ ...payload.alerts[0], fingerprint: 'second' });
    const response = await inbox.postWebhook(payload);
    assert.equal(response.status, 500);
    const body = (await response.json()) as { error: string };
    assert.doesNotMatch(body.error, /refused by the test/, 'internals stay in the log, not the response');
    assert.match(JSON.stringify(inbox.logLines), /refused by the test/);
    assert.deepEqual(inbox.count(), { notifications: 0, alerts: 0 });
    assert.equal(await metricSum(inbox.registry, WEBHOOK_REJECTED_TOTAL), 0, 'a server failure is not a rejection');
  });
});
