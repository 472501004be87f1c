// The web chat socket at /socket/web: only for a signed-in browser, counted while open, and
// sharing channels with the games.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createGame, registerAndSignIn } from '../../support/accounts.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { eventually, openSocket, refusedStatus, wsUrl } from '../../support/sockets.js';

describe('web client socket', () => {
  let site: TestSite;
  let cookie: string;
  let username: string;
  before(async () => {
    site = await startTestSite();
    ({ cookie, username } = await registerAndSignIn(site.url));
  });
  after(() => site.close());

  const url = () => wsUrl(site.url, '/socket/web');
  const open = () => site.metric('grapevine_web_clients_open');

  test('is refused with 401 without a session, and with a forged one; nothing is counted', async () => {
    assert.equal(await refusedStatus(url()), 401);
    assert.equal(await refusedStatus(url(), { cookie: 'grapevine_session=forged.AAAA' }), 401);
    assert.equal(await open(), 0);
  });

  test('is refused with 403 from another origin, even with a session', async () => {
    assert.equal(await refusedStatus(url(), { cookie, origin: 'http://evil.example' }), 403);
  });

  test('unknown socket paths are refused with 404', async () => {
    assert.equal(await refusedStatus(wsUrl(site.url, '/socket/nope')), 404);
  });

  test('counts in grapevine_web_clients_open while open', async () => {
    assert.equal(await open(), 0);
    const first = await openSocket(url(), { cookie, origin: site.url });
    const second = await openSocket(url(), { cookie });
    assert.equal(await open(), 2);
    await first.close();
    await eventually(async () => (await open()) === 1, 'one web client to remain');
    await second.close();
    await eventually(async () => (await open()) === 0, 'no web client to remain');
  });

  test('chats with games on a shared channel, signed with the username', async () => {
    const messages = (await site.metric('grapevine_channel_messages_total')) ?? 0;
    const game = await createGame(site.url, cookie, 'Web Chat Realm');
    const gameSocket = await openSocket(wsUrl(site.url, '/socket'));
    gameSocket.send({
      event: 'authenticate',
      payload: { client_id: game.clientId, client_secret: game.clientSecret, supports: ['channels'], channels: ['gossip'] },
    });
    assert.equal((await gameSocket.reply()).status, 'success');

    const web = await openSocket(url(), { cookie });
    web.send({ event: 'channels/subscribe', ref: 1, payload: { channel: 'gossip' } });
    assert.deepEqual(await web.reply(), { event: 'channels/subscribe', ref: 1, status: 'success' });

    web.send({ event: 'channels/send', ref: 2, payload: { channel: 'gossip', message: 'hi from the web' } });
    assert.deepEqual(await web.reply(), { event: 'channels/send', ref: 2, status: 'success' });
    assert.deepEqual((await gameSocket.broadcast()).payload, {
      channel: 'gossip',
      game: 'Grapevine',
      name: username,
      message: 'hi from the web',
      origin: 'web',
    });

    gameSocket.send({ event: 'channels/send', ref: 'g', payload: { channel: 'gossip', name: 'Ann', message: 'hi from the game' } });
    assert.equal((await gameSocket.reply()).status, 'success');
    assert.deepEqual((await web.broadcast()).payload, {
      channel: 'gossip',
      game: 'Web Chat Realm',
      name: 'Ann',
      message: 'hi from the game',
      origin: 'game',
    });
    assert.equal(await site.metric('grapevine_channel_messages_total'), messages + 2);
    await Promise.all([web.close(), gameSocket.close()]);
  });

  test('refuses unknown events and bad frames with a failure reply, staying open', async () => {
    const web = await openSocket(url(), { cookie });
    web.send({ event: 'heartbeat', ref: 'x', payload: {} });
    assert.deepEqual(await web.reply(), { event: 'heartbeat', ref: 'x', status: 'failure', error: 'unknown event "heartbeat"' });
    web.sendRaw('{oops');
    assert.equal((await web.reply()).error, 'frame is not valid JSON');
    web.send({ event: 'channels/send', payload: { channel: 'gossip', message: 'not subscribed yet' } });
    assert.equal((await web.reply()).error, 'not subscribed to gossip; send channels/subscribe first');
    assert.ok(web.isOpen());
    await web.close();
  });

  test('a signed-out session can no longer open the socket', async () => {
    const other = await registerAndSignIn(site.url);
    const response = await fetch(new URL('/api/sessions', site.url), { method: 'DELETE', headers: { cookie: other.cookie } });
    assert.equal(response.status, 204);
    assert.equal(await refusedStatus(url(), { cookie: other.cookie }), 401);
  });
});
