// POST /webhook without the bearer token: refused before its body is read, and counted.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { WEBHOOK_REJECTED_TOTAL } from '../../../app/inbox/metrics.js';
import { hasBearerToken } from '../../../app/inbox/webhook-token.js';
import { firingPayload, metricValue, startTestInbox, type TestInbox } from '../support/inbox.js';

describe('POST /webhook requires the bearer token', () => {
  let inbox: TestInbox;
  before(async () => {
    inbox = await startTestInbox();
  });
  after(async () => {
    await inbox.close();
  });

  async function assertUnauthorized(headers: Record<string, string>): Promise<void> {
    const response = await inbox.postWebhook(firingPayload(), headers);
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="alert inbox"');
    const body = (await response.json()) as { error: string };
    assert.match(body.error, /needs the inbox's token: send "Authorization: Bearer <token>"/);
    assert.doesNotMatch(body.error, new RegExp(inbox.token), 'the token is never echoed');
    assert.deepEqual(inbox.count(), { notifications: 0, alerts: 0 });
  }

  const refused: Array<[string, Record<string, string>]> = [
    ['no Authorization header', { authorization: '' }],
    ['a wrong token', { authorization: 'Bearer not-the-token-0123456789abcdefghijklmnop' }],
    ['the token with a character changed', { authorization: 'Bearer x' + 'test-token-0123456789abcdefghijklmnopqrstuvwxyz'.slice(1) }],
    ['a prefix of the token', { authorization: 'Bearer test-token-0123456789' }],
    ['the token with more after it', { authorization: 'Bearer test-token-0123456789abcdefghijklmnopqrstuvwxyzz' }],
    [
      'Basic instead of Bearer',
      { authorization: `Basic ${Buffer.from('x:test-token-0123456789abcdefghijklmnopqrstuvwxyz').toString('base64')}` },
    ],
    ['Bearer with nothing after it', { authorization: 'Bearer ' }],
  ];
  for (const [name, headers] of refused) {
    test(`401 with WWW-Authenticate for ${name}`, async () => {
      await assertUnauthorized(headers);
    });
  }

  test('401 comes before the content checks: a bad body without the token is still a 401', async () => {
    const response = await inbox.postWebhook('{', { authorization: '', 'content-type': 'text/plain' });
    assert.equal(response.status, 401);
  });

  test('every refusal counted as reason="unauthorized", nothing as any other reason', async () => {
    assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason: 'unauthorized' }), refused.length + 1);
    for (const reason of ['unsupported_media_type', 'too_large', 'too_many_alerts', 'invalid']) {
      assert.equal(await metricValue(inbox.registry, WEBHOOK_REJECTED_TOTAL, { reason }), 0, reason);
    }
  });

  test('the right token, with the scheme in any case, is accepted', async () => {
    assert.equal((await inbox.postWebhook(firingPayload())).status, 201);
    assert.equal((await inbox.postWebhook(firingPayload(), { authorization: `bearer ${inbox.token}` })).status, 201);
  });

  test('an unauthenticated 1 MiB body is answered 401 without being read, and the connection closed', async () => {
    const body = Buffer.alloc(1024 * 1024, 'x');
    const { status, connection } = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request(`${inbox.url}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      });
      req.on('response', (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      });
      // The server may close while the body is still being sent; that is the point.
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(error)));
      req.end(body);
    });
    assert.equal(status, 401);
    assert.equal(connection, 'close');
  });
});

describe('hasBearerToken', () => {
  const token = 'a'.repeat(43);
  test('accepts exactly "Bearer <token>" (scheme in any case, spaces around)', () => {
    assert.equal(hasBearerToken(`Bearer ${token}`, token), true);
    assert.equal(hasBearerToken(`BEARER  ${token} `, token), true);
  });
  test('refuses anything else', () => {
    for (const header of [
      undefined,
      '',
      token,
      `Bearer`,
      `Bearer ${token}a`,
      `Bearer ${token.slice(1)}`,
      `Bearer ${token} extra`,
      `Token ${token}`,
    ]) {
      assert.equal(hasBearerToken(header, token), false, String(header));
    }
  });
});
