// The overhead benchmark's scraper: a server it cannot scrape must fail the run, not pass for a
// scraped one.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
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

  test('scrapes again and again, and stops quietly when every scrape got a 2xx', async () => {
    scraped.length = 0;
    const stop = scrapeEverySecond(`${base}/metrics`);
    // Timers run late on a busy machine: wait for the second scrape rather than for a fixed time.
    for (let waited = 0; scraped.length < 2 && waited < 10_000; waited += 100) await sleep(100);
    await stop();
    assert.deepEqual(scraped, ['/metrics', '/metrics']);
  });

  test('stopping rejects, naming the URL and status, when a scrape did not get a 2xx', async () => {
    const stop = scrapeEverySecond(`${base}/wrong`);
    await sleep(1_200);
    await assert.rejects(stop(), /scraping http:\/\/127\.0\.0\.1:\d+\/wrong got 404/);
  });

  test('stopping rejects when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as { port: number }).port}/metrics`;
    await new Promise((resolve) => closed.close(resolve));
    const stop = scrapeEverySecond(url);
    await sleep(1_200);
    await assert.rejects(stop(), /scraping .* failed/);
  });

  test('without a URL there is nothing to scrape or stop', async () => {
    await scrapeEverySecond(undefined)();
  });
});
