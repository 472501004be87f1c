// The game socket at /socket: authentication, heartbeats, channels, players, and every kind of
// wrong frame, with the metrics each one moves.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createGame, registerAndSignIn, type CreatedGame } from '../../support/accounts.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { eventually, openSocket, wsUrl, type TestSocket } from '../../support/sockets.js';

describe('game socket', () => {
  let site: TestSite;
  let game: CreatedGame;
  let otherGame: CreatedGame;
  before(async () => {
    site = await startTestSite({ heartbeatTimeoutSeconds: 0.4 });
    const { cookie } = await registerAndSignIn(site.url);
    game = await createGame(site.url, cookie, 'Elder Realms');
    otherGame = await createGame(site.url, cookie, 'Second Sun');
  });
  after(() => site.close());

  const open = () => openSocket(wsUrl(site.url, '/socket'));
  async function authenticated(credentials: CreatedGame = game, channels: string[] = []): Promise<TestSocket> {
    const socket = await open();
    socket.send({
      event: 'authenticate',
      ref: 'auth',
      payload: { client_id: credentials.clientId, client_secret: credentials.clientSecret, channels },
    });
    assert.deepEqual(await socket.reply(), { event: 'authenticate', ref: 'auth', status: 'success' });
    return socket;
  }
  const connects = (result: 'success' | 'failure') => site.metric('grapevine_socket_connects_total', { result });
  const connected = () => site.metric('grapevine_sockets_connected');

  test('socket metrics exist at 0 from start-up', async () => {
    for (const name of [
      'grapevine_sockets_connected',
      'grapevine_socket_heartbeats_total',
      'grapevine_socket_heartbeat_disconnects_total',
      'grapevine_socket_unknown_events_total',
      'grapevine_channel_messages_total',
      'grapevine_games_online',
    ]) {
      assert.equal(await site.metric(name), 0, name);
    }
    assert.equal(await connects('success'), 0);
    assert.equal(await connects('failure'), 0);
  });

  test('a game authenticating moves the sockets gauge and the success counter; closing moves the gauge back', async () => {
    const socket = await authenticated();
    assert.equal(await connected(), 1);
    assert.equal(await connects('success'), 1);
    assert.equal(await site.metric('grapevine_games_online'), 1);
    await socket.close();
    await eventually(async () => (await connected()) === 0, 'the sockets gauge to drop');
    assert.equal(await site.metric('grapevine_games_online'), 0);
  });

  const badCredentials: Array<[string, Record<string, unknown>]> = [
    ['a wrong secret', { client_id: 'filled in below', client_secret: 'wrong' }],
    ['an unknown client id', { client_id: '00000000-0000-0000-0000-000000000000', client_secret: 'whatever' }],
    ['missing credentials', {}],
    ['credentials that are not text', { client_id: 1, client_secret: true }],
  ];
  for (const [name, payload] of badCredentials) {
    test(`authenticating with ${name} is a failure reply, close 4001, and a failure count`, async () => {
      const failures = (await connects('failure')) ?? 0;
      const socket = await open();
      const sent = name === 'a wrong secret' ? { ...payload, client_id: game.clientId } : payload;
      socket.send({ event: 'authenticate', ref: 7, payload: sent });
      assert.deepEqual(await socket.reply(), { event: 'authenticate', ref: 7, status: 'failure', error: 'invalid client credentials' });
      assert.deepEqual(await socket.closed, { code: 4001, reason: 'invalid client credentials' });
      assert.equal(await connects('failure'), failures + 1);
      assert.equal(await connected(), 0);
    });
  }

  test('authenticating with bad channel names fails and closes', async () => {
    const socket = await open();
    socket.send({
      event: 'authenticate',
      payload: { client_id: game.clientId, client_secret: game.clientSecret, channels: ['no spaces allowed'] },
    });
    assert.equal((await socket.reply()).error, 'payload.channels must be a list of channel names');
    assert.equal((await socket.closed).code, 4001);
  });

  test('a heartbeat from an unauthenticated socket is refused and the socket closed; no heartbeat is counted', async () => {
    const heartbeats = await site.metric('grapevine_socket_heartbeats_total');
    const socket = await open();
    socket.send({ event: 'heartbeat', ref: 1, payload: { players: ['Ann'] } });
    assert.deepEqual(await socket.reply(), { event: 'heartbeat', ref: 1, status: 'failure', error: 'authenticate first' });
    assert.equal((await socket.closed).code, 4001);
    assert.equal(await site.metric('grapevine_socket_heartbeats_total'), heartbeats);
  });

  test('any other frame before authenticating, even invalid JSON, is refused and closes the socket', async () => {
    for (const frame of ['not json', '[1,2]', JSON.stringify({ event: 'channels/send', payload: { channel: 'gossip' } })]) {
      const socket = await open();
      socket.sendRaw(frame);
      assert.equal((await socket.reply()).status, 'failure', frame);
      assert.equal((await socket.closed).code, 4001, frame);
    }
  });

  test('an unknown event is refused, counted, and the socket stays open', async () => {
    const unknown = (await site.metric('grapevine_socket_unknown_events_total')) ?? 0;
    const socket = await authenticated();
    socket.send({ event: 'tells/send', ref: 2, payload: {} });
    assert.deepEqual(await socket.reply(), { event: 'tells/send', ref: 2, status: 'failure', error: 'unknown event "tells/send"' });
    assert.equal(await site.metric('grapevine_socket_unknown_events_total'), unknown + 1);
    assert.ok(socket.isOpen());
    socket.send({ event: 'heartbeat', ref: 3, payload: { players: [] } });
    assert.equal((await socket.reply()).status, 'success');
    await socket.close();
  });

  test('malformed frames after authenticating get failure replies and leave the socket open', async () => {
    const socket = await authenticated();
    const cases: Array<[string, string]> = [
      ['not json', 'frame is not valid JSON'],
      ['"a string"', 'frame must be a JSON object like {"event": "...", "payload": {...}}'],
      ['{"payload": {}}', 'frame needs an "event" string'],
      ['{"event": "heartbeat", "payload": [1]}', '"payload" must be a JSON object'],
      ['{"event": "heartbeat", "ref": {"a": 1}}', '"ref" must be a string or a number'],
      ['{"event": "heartbeat", "payload": {"players": "Ann"}}', 'payload.players must be a list of player names'],
      ['{"event": "authenticate", "payload": {}}', 'already authenticated'],
    ];
    for (const [frame, error] of cases) {
      socket.sendRaw(frame);
      const reply = await socket.reply();
      assert.equal(reply.status, 'failure', frame);
      assert.equal(reply.error, error, frame);
    }
    assert.ok(socket.isOpen());
    await socket.close();
  });

  test('heartbeats are answered and counted', async () => {
    const heartbeats = (await site.metric('grapevine_socket_heartbeats_total')) ?? 0;
    const socket = await authenticated();
    socket.send({ event: 'heartbeat', ref: 'h1', payload: { players: ['Ann', 'Bo'] } });
    assert.deepEqual(await socket.reply(), { event: 'heartbeat', ref: 'h1', status: 'success' });
    assert.equal(await site.metric('grapevine_socket_heartbeats_total'), heartbeats + 1);
    await socket.close();
  });

  test('a game that stops sending heartbeats is disconnected (4002) and counted', async () => {
    const disconnects = (await site.metric('grapevine_socket_heartbeat_disconnects_total')) ?? 0;
    const socket = await authenticated();
    // Heartbeats keep it open past one timeout...
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.send({ event: 'heartbeat', payload: { players: [] } });
      assert.equal((await socket.reply()).status, 'success');
    }
    // ...and silence closes it.
    assert.deepEqual(await socket.closed, { code: 4002, reason: 'no heartbeat for 0.4 s' });
    assert.equal(await site.metric('grapevine_socket_heartbeat_disconnects_total'), disconnects + 1);
    await eventually(async () => (await connected()) === 0, 'the sockets gauge to drop');
  });

  test('an unauthenticated socket that says nothing is closed after the timeout', async () => {
    const socket = await open();
    assert.deepEqual(await socket.closed, { code: 4001, reason: 'authenticate first' });
  });

  test('channel messages reach the other subscribed games, not the sender, and are counted', async () => {
    const messages = (await site.metric('grapevine_channel_messages_total')) ?? 0;
    const sender = await authenticated(game, ['gossip']);
    const listener = await authenticated(otherGame);
    listener.send({ event: 'channels/subscribe', ref: 's', payload: { channel: 'gossip' } });
    assert.equal((await listener.reply()).status, 'success');

    sender.send({ event: 'channels/send', ref: 'm', payload: { channel: 'gossip', name: 'Ann', message: 'hello there' } });
    assert.deepEqual(await sender.reply(), { event: 'channels/send', ref: 'm', status: 'success' });
    assert.deepEqual(await listener.broadcast(), {
      event: 'channels/broadcast',
      payload: { channel: 'gossip', game: 'Elder Realms', name: 'Ann', message: 'hello there' },
    });
    assert.ok(await sender.noBroadcastWithin(50));
    assert.equal(await site.metric('grapevine_channel_messages_total'), messages + 1);

    listener.send({ event: 'channels/unsubscribe', ref: 'u', payload: { channel: 'gossip' } });
    assert.equal((await listener.reply()).status, 'success');
    sender.send({ event: 'channels/send', payload: { channel: 'gossip', name: 'Ann', message: 'anyone?' } });
    assert.equal((await sender.reply()).status, 'success');
    assert.ok(await listener.noBroadcastWithin(50));
    await Promise.all([sender.close(), listener.close()]);
  });

  test('wrong channel frames are refused, counting no message', async () => {
    const messages = await site.metric('grapevine_channel_messages_total');
    const socket = await authenticated(game, ['gossip']);
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { event: 'channels/send', payload: { channel: 'testing', name: 'Ann', message: 'hi' } },
        'not subscribed to testing; send channels/subscribe first',
      ],
      [{ event: 'channels/send', payload: { channel: 'gossip', name: 'Ann', message: '' } }, 'payload.message is required'],
      [
        { event: 'channels/send', payload: { channel: 'gossip', name: 'Ann', message: 'x'.repeat(501) } },
        'messages are at most 500 characters',
      ],
      [{ event: 'channels/send', payload: { channel: 'gossip', message: 'hi' } }, 'payload.name is required'],
      [{ event: 'channels/subscribe', payload: { channel: 'a b' } }, 'channel names are 3-15 letters, digits, _ or -'],
      [{ event: 'channels/subscribe', payload: {} }, 'payload.channel is required'],
      [{ event: 'channels/unsubscribe', payload: { channel: 7 } }, 'payload.channel is required'],
    ];
    for (const [frame, error] of cases) {
      socket.send(frame);
      assert.equal((await socket.reply()).error, error, JSON.stringify(frame));
    }
    assert.equal(await site.metric('grapevine_channel_messages_total'), messages);
    await socket.close();
  });

  test('players sign in and out', async () => {
    const socket = await authenticated();
    socket.send({ event: 'players/sign-in', ref: 1, payload: { name: 'Ann' } });
    assert.deepEqual(await socket.reply(), { event: 'players/sign-in', ref: 1, status: 'success' });
    socket.send({ event: 'players/sign-out', ref: 2, payload: { name: 'Ann' } });
    assert.deepEqual(await socket.reply(), { event: 'players/sign-out', ref: 2, status: 'success' });
    socket.send({ event: 'players/sign-in', ref: 3, payload: { name: '' } });
    assert.equal((await socket.reply()).error, 'payload.name is required');
    socket.send({ event: 'players/sign-in', ref: 4, payload: { name: 'N'.repeat(41) } });
    assert.equal((await socket.reply()).error, 'player names are at most 40 characters');
    await socket.close();
  });

  test('a frame over 64 KiB closes the socket with 1009', async () => {
    const socket = await authenticated();
    socket.sendRaw(JSON.stringify({ event: 'heartbeat', payload: { players: ['x'.repeat(70_000)] } }));
    assert.equal((await socket.closed).code, 1009);
  });
});
