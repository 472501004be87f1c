// Liveness answers while the process runs; readiness only while the database answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request } from '../../support/http.js';
import { useTestSite } from '../../support/site.js';

describe('health checks', () => {
  const site = useTestSite();

  test('live and ready answer 200 {status: "ok"}', async () => {
    for (const path of ['/health/live', '/health/ready']) {
      const response = await request(site.url, 'GET', path);
      assert.equal(response.status, 200, path);
      assert.deepEqual(response.body, { status: 'ok' });
    }
  });

  test('ready is 503 once the database is gone, while live stays 200', async () => {
    site.db.close();
    const ready = await request(site.url, 'GET', '/health/ready');
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.body, { status: 'unavailable', error: 'The database does not answer.' });
    assert.equal((await request(site.url, 'GET', '/health/live')).status, 200);
    // close() below closes the database again; better-sqlite3 allows that.
  });
});
