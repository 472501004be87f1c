// HTTP metrics are labelled with route templates, so clients cannot mint series: 20,000 random
// paths later the number of exported series is what it was.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { describe, test } from 'node:test';
import { seriesKeys, type Sample } from '../../support/exposition.js';
import { useTestSite } from '../../support/site.js';

describe('HTTP request metrics', () => {
  const site = useTestSite();

  const requests = async (labels: Record<string, string>) => site.metric('http_requests_total', labels);

  test('label requests with the route template, not the path', async () => {
    for (const id of ['1', '2', '999']) await fetch(new URL(`/games/${id}`, site.url));
    assert.equal(await requests({ method: 'GET', route: '/games/:id', status_code: '404' }), 3);
    const samples = await site.samples();
    assert.ok(!samples.some((sample) => sample.labels.route?.includes('999')));
  });

  test('paths no route matches share route="unmatched"', async () => {
    await fetch(new URL('/wp-login.php', site.url));
    await fetch(new URL('/.env', site.url));
    assert.equal(await requests({ method: 'GET', route: 'unmatched', status_code: '404' }), 2);
  });

  test('a known path with the wrong method is unmatched 405', async () => {
    const response = await fetch(new URL('/api/accounts', site.url), { method: 'PATCH' });
    assert.equal(response.status, 405);
    assert.equal(await requests({ method: 'PATCH', route: 'unmatched', status_code: '405' }), 1);
  });

  test('methods outside the usual set share method="OTHER"', async () => {
    const status = await rawRequest(site.url, 'PROPFIND', '/');
    assert.equal(status, 501);
    assert.equal(await requests({ method: 'OTHER', route: 'unmatched', status_code: '501' }), 1);
  });

  test('the duration histogram has the same labels, in seconds', async () => {
    await fetch(new URL('/health/live', site.url));
    const count = await site.metric('http_request_duration_seconds_count', { method: 'GET', route: '/health/live', status_code: '200' });
    const sum = await site.metric('http_request_duration_seconds_sum', { method: 'GET', route: '/health/live', status_code: '200' });
    assert.equal(count, 1);
    assert.ok(sum !== undefined && sum > 0 && sum < 1, `a health check takes well under a second, got ${sum}`);
  });

  test('20,000 requests to random unmatched paths leave the number of exported series unchanged', { timeout: 120_000 }, async () => {
    // Runtime metrics (nodejs_*, process_*) gain series from the runtime itself, e.g. a new GC kind.
    const appSeries = (samples: Sample[]) => seriesKeys(samples.filter((s) => !/^(nodejs|process)_/.test(s.name)));
    await fetch(new URL(`/${randomBytes(8).toString('hex')}`, site.url));
    const before = appSeries(await site.samples());

    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    let sent = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (sent < 20_000) {
          sent += 1;
          const path = `/${randomBytes(6).toString('hex')}/${sent}?q=${randomBytes(4).toString('hex')}`;
          assert.equal(await rawRequest(site.url, 'GET', path, agent), 404);
        }
      }),
    );
    agent.destroy();

    const afterwards = appSeries(await site.samples());
    assert.deepEqual([...afterwards].sort(), [...before].sort());
    assert.ok(((await requests({ method: 'GET', route: 'unmatched', status_code: '404' })) ?? 0) >= 20_000);
  });
});

function rawRequest(base: string, method: string, path: string, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { method, agent, headers: { accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}
