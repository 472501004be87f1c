// The talk's warning, turned around: with :telemetry a handler that raises is detached and its
// metric silently stops. Here the request still succeeds, the failure is counted, and the
// handler runs again on the next event.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PASSWORD } from '../../support/accounts.js';
import { request } from '../../support/http.js';
import { useTestSite } from '../../support/site.js';

describe('a telemetry handler that throws, in the running app', () => {
  const site = useTestSite();

  test('leaves the request 2xx, counts the failure, and still runs on the next event', async () => {
    const calls: string[] = [];
    site.telemetry.attach('test.explodes', 'grapevine.accounts.create', ({ username }) => {
      calls.push(username);
      throw new Error(`handler bug while handling ${username}`);
    });
    const failures = () => site.metric('grapevine_telemetry_handler_failures_total', { handler: 'test.explodes' });
    assert.equal(await failures(), 0, 'the series exists at 0 once the handler is attached');

    for (const [index, username] of ['first_user', 'second_user'].entries()) {
      const response = await request(site.url, 'POST', '/api/accounts', {
        json: { username, email: `${username}@example.test`, password: PASSWORD },
      });
      assert.equal(response.status, 201);
      assert.equal(await failures(), index + 1);
      // The metrics handler on the same event was not affected.
      assert.equal(await site.metric('grapevine_accounts_create_total'), index + 1);
    }
    assert.deepEqual(calls, ['first_user', 'second_user']);
    const logged = site.logs.filter((line) => line.msg === 'telemetry handler failed; it stays attached');
    assert.equal(logged.length, 2);
    assert.equal(logged[0]?.handler, 'test.explodes');
    assert.equal(logged[0]?.event, 'grapevine.accounts.create');
  });
});
