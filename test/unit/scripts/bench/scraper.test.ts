// The overhead benchmark's scraper: a server it cannot scrape must fail the run, not pass for a
// scraped one.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { scrapeEverySecond } from '../../../../scripts/bench/overhead/scraper.js';

describe('scrapeEverySecond', () => {
  let server: Server;
  let base = '';
  const scraped: string[] = [];
  before(async () => {
    server = createServer((request, response) => {
      scraped.push(request.url ?? '');
      response.writeHead(request.url === '/metrics' ? 200 : 404).end('# EOF\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  // Timers run late on a busy machine: the tests wait for what they expect, not for a fixed time.
  async function until(done: () => boolean): Promise<void> {
    for (let waited = 0; !done() && waited < 10_000; waited += 50) await sleep(50);
  }

  test('scrapes again and again, and stops quietly when every scrape got a 2xx', async () => {
    scraped.length = 0;
    const stop = scrapeEverySecond(`${base}/metrics`);
    await until(() => scraped.length >= 2);
    await stop();
    assert.deepEqual(scraped, ['/metrics', '/metrics']);
  });

  test('stopping rejects, naming the URL and status, when a scrape did not get a 2xx', async () => {
    const stop = scrapeEverySecond(`${base}/wrong`);
    await until(() => scraped.includes('/wrong'));
    await assert.rejects(stop(), /scraping http:\/\/127\.0\.0\.1:\d+\/wrong got 404/);
  });

  test('stopping rejects when the server hangs up without answering', async () => {
    let connections = 0;
    const hangUp = createNetServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    try {
      const stop = scrapeEverySecond(`http://127.0.0.1:${(hangUp.address() as { port: number }).port}/metrics`);
      await until(() => connections >= 1);
      await assert.rejects(stop(), /scraping .* failed/);
    } finally {
      await new Promise((resolve) => hangUp.close(resolve));
    }
  });

  test('without a URL there is nothing to scrape or stop', async () => {
    await scrapeEverySecond(undefined)();
  });
});
