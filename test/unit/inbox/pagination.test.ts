import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { firingPayload, startTestInbox, steppingClock, type TestInbox } from '../support/inbox.js';

type Listing = { notifications: Array<{ id: number }>; next?: string };

describe('paging through notifications: GET /api/notifications?before= and the page', () => {
  let inbox: TestInbox;
  before(async () => {
    inbox = await startTestInbox({ clock: steppingClock() });
    for (let n = 1; n <= 130; n += 1) {
      const payload = firingPayload();
      payload.alerts[0].fingerprint = `fp-${n}`;
      assert.equal((await inbox.postWebhook(payload)).status, 201);
    }
  });
  after(async () => {
    await inbox.close();
  });

  const list = async (query: string): Promise<Listing> => {
    const response = await fetch(`${inbox.url}/api/notifications${query}`);
    assert.equal(response.status, 200);
    return (await response.json()) as Listing;
  };
  const idsOf = (listing: Listing): number[] => listing.notifications.map((n) => n.id);

  test('the first page is the newest 100, with a next link to the older ones', async () => {
    const first = await list('');
    assert.deepEqual(
      idsOf(first),
      Array.from({ length: 100 }, (_, i) => 130 - i),
    );
    assert.equal(first.next, '/api/notifications?before=31');
  });

  test('following next reaches the oldest, and the last page has no next', async () => {
    const second = await list('?before=31');
    assert.deepEqual(
      idsOf(second),
      Array.from({ length: 30 }, (_, i) => 30 - i),
    );
    assert.equal(second.next, undefined);
  });

  test('limit and before together; next keeps the limit', async () => {
    const page = await list('?before=100&limit=3');
    assert.deepEqual(idsOf(page), [99, 98, 97]);
    assert.equal(page.next, '/api/notifications?before=97&limit=3');
    assert.deepEqual(idsOf(await list('?before=1')), []);
  });

  for (const bad of ['0', '-3', 'abc', '1.5', '', '9'.repeat(20)]) {
    test(`?before=${bad.length > 10 ? `${bad.slice(0, 5)}...` : bad} is a 400 naming before`, async () => {
      const response = await fetch(`${inbox.url}/api/notifications?before=${bad}`);
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: string }).error, /^before must be a whole number from 1 to/);
    });
  }

  test('?limit over 100 is a 400 (it was 1000)', async () => {
    const response = await fetch(`${inbox.url}/api/notifications?limit=101`);
    assert.equal(response.status, 400);
  });

  test('the page shows 50 and links to the next 50; the older page links back to the newest', async () => {
    const html = await (await fetch(`${inbox.url}/`)).text();
    assert.equal(html.split('<li class="notification firing"').length - 1, 50);
    assert.match(html, /id="n130"/);
    assert.doesNotMatch(html, /id="n80"/);
    assert.match(html, /<a href="\/\?before=81" rel="next">Older notifications<\/a>/);

    const older = await (await fetch(`${inbox.url}/?before=31`)).text();
    assert.match(older, /id="n30"/);
    assert.match(older, /older than #31/);
    assert.match(older, /<a href="\/">Newest notifications<\/a>/);
    assert.doesNotMatch(older, /Older notifications/);
  });

  test('the page answers nonsense in before or limit with a 400 page', async () => {
    for (const query of ['?before=x', '?limit=51']) {
      const response = await fetch(`${inbox.url}/${query}`);
      assert.equal(response.status, 400);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    }
  });
});
