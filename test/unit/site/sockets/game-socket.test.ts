// The game socket at /socket as Grapevine 2.3.0 speaks it: authentication and its failures,
// server-driven heartbeats, replies only to frames with a ref, channels, players, tells, games,
// restart before a shutdown, and every kind of wrong frame, with the metrics each one moves.
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { createGame, registerAndSignIn, type CreatedGame } from '../../support/accounts.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { eventually, openSocket, wsUrl, type Frame, type TestSocket } from '../../support/sockets.js';

const INTERVAL_SECONDS = 0.3;
const MISSED_LIMIT = 3;
// Without games, so a game coming online announces nothing to these sockets unless a test asks for it.
const SUPPORTS = ['channels', 'players', 'tells'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('game socket', () => {
  let site: TestSite;
  let cookie: string;
  let game: CreatedGame;
  let otherGame: CreatedGame;
  before(async () => {
    // Grapevine's 15 s interval: one heartbeat right after authenticating, then none during a test.
    site = await startTestSite();
    ({ cookie } = await registerAndSignIn(site.url));
    game = await createGame(site.url, cookie, 'Elder Realms');
    otherGame = await createGame(site.url, cookie, 'Second Sun');
  });
  after(() => site.close());

  const open = () => openSocket(wsUrl(site.url, '/socket'));
  const credentials = (of: CreatedGame) => ({ client_id: of.clientId, client_secret: of.clientSecret });

  interface Options {
    channels?: unknown;
    supports?: string[];
    players?: string[];
  }
  /** An authenticated socket that answers the server's heartbeats with `players`, as a game must. */
  async function authenticated(
    of: CreatedGame = game,
    { channels = [], supports = SUPPORTS, players = [] }: Options = {},
  ): Promise<TestSocket> {
    const socket = await open();
    socket.answerHeartbeats(players);
    socket.send({
      event: 'authenticate',
      payload: { ...credentials(of), supports, channels, version: '2.3.0', user_agent: 'TestMUD 1.0' },
    });
    assert.deepEqual(await socket.reply(), { event: 'authenticate', status: 'success', payload: { unicode: '✔️', version: '2.3.0' } });
    // The first heartbeat is answered as it arrives, so the answer goes before anything the test sends next.
    await socket.heartbeat();
    const expected = new Set(players.filter((name) => name !== '')).size;
    if (expected > 0) await eventually(() => (site.services.games.find(of.id)?.players ?? 0) >= expected, 'the players to be online');
    return socket;
  }
  const connects = (result: 'success' | 'failure') => site.metric('grapevine_socket_connects_total', { result });
  const connected = () => site.metric('grapevine_sockets_connected');
  const events = (event: string) => site.metric('grapevine_socket_events_total', { event });
  async function closeAll(...sockets: TestSocket[]): Promise<void> {
    await Promise.all(sockets.map((socket) => socket.close()));
    await eventually(async () => (await connected()) === 0, 'every socket to be gone');
  }

  test('socket metrics exist at 0 from start-up, every event label included', async () => {
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
    for (const event of [
      'channels/subscribe',
      'channels/unsubscribe',
      'channels/send',
      'players/sign-in',
      'players/sign-out',
      'players/status',
      'tells/send',
      'games/status',
    ]) {
      assert.equal(await events(event), 0, event);
    }
  });

  test('authenticating answers with unicode and version (ref kept), moves the gauges, and the server heartbeats at once', async () => {
    const socket = await open();
    socket.send({ event: 'authenticate', ref: 'auth', payload: { ...credentials(game), supports: ['channels'] } });
    assert.deepEqual(await socket.reply(), {
      event: 'authenticate',
      ref: 'auth',
      status: 'success',
      payload: { unicode: '✔️', version: '2.3.0' },
    });
    assert.deepEqual(await socket.heartbeat(), { event: 'heartbeat' });
    assert.equal(await connected(), 1);
    assert.equal(await connects('success'), 1);
    assert.equal(await site.metric('grapevine_games_online'), 1);
    await socket.close();
    await eventually(async () => (await connected()) === 0, 'the sockets gauge to drop');
    assert.equal(await site.metric('grapevine_games_online'), 0);
  });

  const refusals: Array<[string, () => Record<string, unknown>, string]> = [
    ['a wrong secret', () => ({ client_id: game.clientId, client_secret: 'wrong', supports: ['channels'] }), 'invalid credentials'],
    [
      'an unknown client id',
      () => ({ client_id: '00000000-0000-0000-0000-000000000000', client_secret: 'x', supports: ['channels'] }),
      'invalid credentials',
    ],
    ['missing credentials', () => ({ supports: ['channels'] }), 'invalid credentials'],
    ['credentials that are not text', () => ({ client_id: 1, client_secret: true, supports: ['channels'] }), 'invalid credentials'],
    ['no supports', () => credentials(game), 'missing supports'],
    ['an empty supports list', () => ({ ...credentials(game), supports: [] }), 'missing supports'],
    ['supports that is not a list', () => ({ ...credentials(game), supports: 'channels' }), 'missing supports'],
    ['supports without channels', () => ({ ...credentials(game), supports: ['players'] }), 'must support channels'],
    ['an unknown support flag', () => ({ ...credentials(game), supports: ['channels', 'telepathy'] }), 'includes unknown supports'],
  ];
  for (const [name, payload, error] of refusals) {
    test(`authenticating with ${name} is "${error}", close 4000, and a failure count`, async () => {
      const failures = (await connects('failure')) ?? 0;
      const socket = await open();
      socket.send({ event: 'authenticate', ref: 7, payload: payload() });
      assert.deepEqual(await socket.reply(), { event: 'authenticate', ref: 7, status: 'failure', error });
      assert.deepEqual(await socket.closed, { code: 4000, reason: error });
      assert.equal(await connects('failure'), failures + 1);
      assert.equal(await connected(), 0);
    });
  }

  test('achievements is a known support flag', async () => {
    const socket = await authenticated(game, { supports: ['channels', 'achievements'] });
    assert.ok(socket.isOpen());
    await socket.close();
  });

  test('a bad channel name in the list is a channels/subscribe failure after a successful auth; the good ones are joined', async () => {
    const socket = await authenticated(game, { channels: ['gossip', 'no spaces allowed'] });
    assert.deepEqual(await socket.reply(), {
      event: 'channels/subscribe',
      status: 'failure',
      error: "Could not subscribe to 'no spaces allowed'",
    });
    const sender = await authenticated(otherGame, { channels: ['gossip'] });
    sender.send({ event: 'channels/send', payload: { channel: 'gossip', name: 'Bo', message: 'still here' } });
    assert.equal((await socket.broadcast()).payload?.message, 'still here');
    assert.ok(socket.isOpen());
    await closeAll(socket, sender);
  });

  test('channels that are not a list are a channels/subscribe failure, and the socket stays authenticated', async () => {
    const socket = await authenticated(game, { channels: 'gossip' });
    assert.deepEqual(await socket.reply(), {
      event: 'channels/subscribe',
      status: 'failure',
      error: 'payload.channels must be a list of channel names',
    });
    assert.equal(await connected(), 1);
    await socket.close();
  });

  test('before authenticating, other frames (even invalid JSON) are "unauthenticated" failures; the socket stays open and can authenticate', async () => {
    const heartbeats = await site.metric('grapevine_socket_heartbeats_total');
    const socket = await open();
    socket.send({ event: 'heartbeat', ref: 1, payload: { players: ['Ann'] } });
    assert.deepEqual(await socket.reply(), { event: 'heartbeat', ref: 1, status: 'failure', error: 'unauthenticated' });
    socket.send({ event: 'channels/send', payload: { channel: 'gossip', name: 'Ann', message: 'hi' } });
    assert.deepEqual(await socket.reply(), { event: 'channels/send', status: 'failure', error: 'unauthenticated' });
    socket.sendRaw('not json');
    assert.deepEqual(await socket.reply(), { event: 'error', status: 'failure', error: 'frame is not valid JSON' });
    assert.ok(socket.isOpen());
    assert.equal(await site.metric('grapevine_socket_heartbeats_total'), heartbeats);
    socket.send({ event: 'authenticate', payload: { ...credentials(game), supports: ['channels'] } });
    assert.equal((await socket.reply()).status, 'success');
    await socket.close();
  });

  test('unknown events (achievements included) get a failure, are counted, and the socket stays open', async () => {
    const unknown = (await site.metric('grapevine_socket_unknown_events_total')) ?? 0;
    const socket = await authenticated();
    socket.send({ event: 'teleport', ref: 2, payload: {} });
    assert.deepEqual(await socket.reply(), { event: 'teleport', ref: 2, status: 'failure', error: 'unknown' });
    socket.send({ event: 'achievements/sync' });
    assert.deepEqual(await socket.reply(), { event: 'achievements/sync', status: 'failure', error: 'unknown' });
    assert.equal(await site.metric('grapevine_socket_unknown_events_total'), unknown + 2);
    assert.ok(socket.isOpen());
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
      ['{"event": "heartbeat", "ref": 1, "payload": {"players": "Ann"}}', 'payload.players must be a list of player names'],
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

  test('only frames with a ref are answered; heartbeats never are', async () => {
    const socket = await authenticated();
    socket.send({ event: 'channels/subscribe', payload: { channel: 'gossip' } });
    socket.send({ event: 'channels/subscribe', payload: { channel: 'a b' } });
    socket.send({ event: 'heartbeat', ref: 'h', payload: { players: [] } });
    assert.ok(await socket.noReplyWithin(150));
    socket.send({ event: 'channels/unsubscribe', ref: 'u', payload: { channel: 'gossip' } });
    assert.deepEqual(await socket.reply(), { event: 'channels/unsubscribe', ref: 'u', status: 'success' });
    await socket.close();
  });

  test('channel messages reach the other subscribed games with a ref, MXP and HTML stripped, not the sender, and are counted', async () => {
    const messages = (await site.metric('grapevine_channel_messages_total')) ?? 0;
    const sends = (await events('channels/send')) ?? 0;
    const sender = await authenticated(game, { channels: ['gossip'] });
    const listener = await authenticated(otherGame);
    listener.send({ event: 'channels/subscribe', ref: 's', payload: { channel: 'gossip' } });
    assert.deepEqual(await listener.reply(), { event: 'channels/subscribe', ref: 's', status: 'success' });

    sender.send({
      event: 'channels/send',
      ref: 'm',
      payload: { channel: 'gossip', name: 'Ann', message: '<b>hello</b> \u001b[1z<send href="x">there</send>' },
    });
    assert.deepEqual(await sender.reply(), { event: 'channels/send', ref: 'm', status: 'success' });
    const broadcast = await listener.broadcast();
    assert.match(String(broadcast.ref), UUID);
    assert.deepEqual(
      { ...broadcast, ref: 'any' },
      {
        event: 'channels/broadcast',
        ref: 'any',
        payload: { channel: 'gossip', game: 'Elder Realms', name: 'Ann', message: 'hello there', origin: 'game' },
      },
    );
    assert.ok(await sender.noBroadcastWithin(50));
    assert.equal(await site.metric('grapevine_channel_messages_total'), messages + 1);
    assert.equal(await events('channels/send'), sends + 1);

    listener.send({ event: 'channels/unsubscribe', ref: 'u', payload: { channel: 'gossip' } });
    assert.equal((await listener.reply()).status, 'success');
    sender.send({ event: 'channels/send', ref: 'm2', payload: { channel: 'gossip', name: 'Ann', message: 'anyone?' } });
    assert.equal((await sender.reply()).status, 'success');
    assert.ok(await listener.noBroadcastWithin(50));
    await closeAll(sender, listener);
  });

  test('wrong channel frames are refused, counting no message', async () => {
    const messages = await site.metric('grapevine_channel_messages_total');
    const socket = await authenticated(game, { channels: ['gossip'] });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ channel: 'testing', name: 'Ann', message: 'hi' }, 'not subscribed to testing; send channels/subscribe first'],
      [{ channel: 'gossip', name: 'Ann', message: '' }, 'payload.message is required'],
      [{ channel: 'gossip', name: 'Ann', message: '<b></b>' }, 'payload.message is required'],
      [{ channel: 'gossip', name: 'Ann', message: 'x'.repeat(501) }, 'messages are at most 500 characters'],
      [{ channel: 'gossip', message: 'hi' }, 'payload.name is required'],
    ];
    for (const [payload, error] of cases) {
      socket.send({ event: 'channels/send', ref: 'x', payload });
      assert.equal((await socket.reply()).error, error, JSON.stringify(payload));
    }
    socket.send({ event: 'channels/subscribe', ref: 1, payload: { channel: 'a b' } });
    assert.equal((await socket.reply()).error, 'Could not subscribe to "a b"');
    socket.send({ event: 'channels/subscribe', ref: 2, payload: {} });
    assert.equal((await socket.reply()).error, 'Could not subscribe to ""');
    socket.send({ event: 'channels/unsubscribe', ref: 3, payload: { channel: 7 } });
    assert.equal((await socket.reply()).error, 'payload.channel is required');
    assert.equal(await site.metric('grapevine_channel_messages_total'), messages);
    await socket.close();
  });

  test('players signing in and out are broadcast to other games that support players, once each', async () => {
    const signIns = (await events('players/sign-in')) ?? 0;
    const signOuts = (await events('players/sign-out')) ?? 0;
    const socket = await authenticated(game);
    const watcher = await authenticated(otherGame);
    const unaware = await authenticated(otherGame, { supports: ['channels'] });
    socket.send({ event: 'players/sign-in', ref: 1, payload: { name: 'Ann' } });
    assert.deepEqual(await socket.reply(), { event: 'players/sign-in', ref: 1, status: 'success' });
    const signedIn = await watcher.reply();
    assert.match(String(signedIn.ref), UUID);
    assert.deepEqual(signedIn.payload, { game: 'Elder Realms', name: 'Ann' });
    assert.equal(signedIn.event, 'players/sign-in');
    assert.equal(site.services.games.find(game.id)?.players, 1);

    socket.send({ event: 'players/sign-in', ref: 2, payload: { name: 'Ann' } });
    assert.equal((await socket.reply()).status, 'success');
    socket.send({ event: 'players/sign-out', ref: 3, payload: { name: 'Ann' } });
    assert.deepEqual(await socket.reply(), { event: 'players/sign-out', ref: 3, status: 'success' });
    const signedOut = await watcher.reply();
    assert.deepEqual([signedOut.event, signedOut.payload], ['players/sign-out', { game: 'Elder Realms', name: 'Ann' }]);
    socket.send({ event: 'players/sign-out', ref: 4, payload: { name: 'Nobody' } });
    assert.equal((await socket.reply()).status, 'success');
    assert.ok(await watcher.noReplyWithin(100), 'a repeated sign-in and an unknown sign-out announce nothing');
    assert.ok(await unaware.noReplyWithin(0), 'a game without players support hears nothing');
    assert.ok(await socket.noReplyWithin(0), 'the sender hears nothing back');
    assert.equal(await events('players/sign-in'), signIns + 2);
    assert.equal(await events('players/sign-out'), signOuts + 2);
    assert.equal(site.services.games.find(game.id)?.players, 0, 'the sign-out left the game');
    await closeAll(socket, watcher, unaware);
  });

  test('wrong player frames are refused', async () => {
    const socket = await authenticated(game);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ event: 'players/sign-in', ref: 1, payload: { name: '' } }, 'payload.name is required'],
      [{ event: 'players/sign-in', ref: 2, payload: { name: 'N'.repeat(41) } }, 'player names are at most 40 characters'],
      [{ event: 'players/sign-out', ref: 3, payload: {} }, 'payload.name is required'],
      [{ event: 'players/sign-out', ref: 4, payload: { name: 'N'.repeat(41) } }, 'player names are at most 40 characters'],
    ];
    for (const [frame, error] of cases) {
      socket.send(frame);
      assert.equal((await socket.reply()).error, error, JSON.stringify(frame));
    }
    const limited = await authenticated(game, { supports: ['channels'] });
    for (const event of ['players/sign-in', 'players/sign-out', 'players/status']) {
      limited.send({ event, ref: event, payload: { name: 'Ann' } });
      assert.deepEqual(await limited.reply(), { event, ref: event, status: 'failure', error: 'missing support for "players"' });
    }
    await closeAll(socket, limited);
  });

  test('players/status answers one frame per other online game, or the named one, or "unknown game"', async () => {
    const asker = await authenticated(game);
    const other = await authenticated(otherGame, { players: ['Cy', 'Di'] });
    asker.send({ event: 'players/status', ref: 'p' });
    assert.deepEqual(await asker.reply(), {
      event: 'players/status',
      ref: 'p',
      status: 'success',
      payload: { game: 'Second Sun', players: ['Cy', 'Di'] },
    });
    assert.ok(await asker.noReplyWithin(50), 'its own game is left out');
    asker.send({ event: 'players/status', ref: 'q', payload: { game: 'second sun' } });
    assert.deepEqual((await asker.reply()).payload, { game: 'Second Sun', players: ['Cy', 'Di'] });
    asker.send({ event: 'players/status', ref: 'r', payload: { game: 'Nowhere' } });
    assert.deepEqual(await asker.reply(), { event: 'players/status', ref: 'r', status: 'failure', error: 'unknown game' });
    asker.send({ event: 'players/status', ref: 's', payload: { game: 5 } });
    assert.equal((await asker.reply()).error, 'payload.game must be a game name');
    asker.send({ event: 'players/status' });
    assert.ok(await asker.noReplyWithin(50), 'without a ref there is nowhere to answer');
    await closeAll(asker, other);
  });

  test('games/status describes online games, a registered offline one briefly, and fails for unknown games', async () => {
    const offline = await createGame(site.url, cookie, 'Quiet Moor');
    const asker = await authenticated(game, { supports: [...SUPPORTS, 'games'] });
    const other = await authenticated(otherGame, { channels: ['gossip'], players: ['Cy'] });
    assert.equal((await asker.reply()).event, 'games/connect');
    asker.send({ event: 'games/status', ref: 'g' });
    assert.deepEqual(await asker.reply(), {
      event: 'games/status',
      ref: 'g',
      status: 'success',
      payload: {
        game: 'Second Sun',
        display_name: 'Second Sun',
        user_agent: 'TestMUD 1.0',
        supports: ['channels', 'players', 'tells'],
        channels: ['gossip'],
        players_online_count: 1,
      },
    });
    assert.ok(await asker.noReplyWithin(50));
    asker.send({ event: 'games/status', ref: 'o', payload: { game: offline.name } });
    assert.deepEqual(await asker.reply(), {
      event: 'games/status',
      ref: 'o',
      status: 'success',
      payload: { game: 'Quiet Moor', display_name: 'Quiet Moor' },
    });
    asker.send({ event: 'games/status', ref: 'u', payload: { game: 'Nowhere' } });
    assert.deepEqual(await asker.reply(), { event: 'games/status', ref: 'u', status: 'failure', error: 'unknown game' });
    const limited = await authenticated(game, { supports: ['channels'] });
    limited.send({ event: 'games/status', ref: 'x' });
    assert.equal((await limited.reply()).error, 'missing support for "games"');
    await closeAll(asker, other, limited);
  });

  test('status and tell frames build the online games once each, however many games they name', async () => {
    const builds = mock.method(site.services.network, 'onlineGames');
    const asker = await authenticated(game, { supports: [...SUPPORTS, 'games'], players: ['Ann'] });
    const other = await authenticated(otherGame, { players: ['Cy'] });
    try {
      assert.equal((await asker.reply()).event, 'games/connect');
      const frames = [
        { event: 'games/status', ref: 'g' },
        { event: 'games/status', ref: 'n', payload: { game: 'second sun' } },
        { event: 'games/status', ref: 'o', payload: { game: 'Nowhere' } },
        { event: 'players/status', ref: 'p' },
        { event: 'players/status', ref: 'u', payload: { game: 'Nowhere' } },
        {
          event: 'tells/send',
          ref: 't',
          payload: { from_name: 'Ann', to_game: 'Second Sun', to_name: 'Cy', sent_at: '2026-12-01T12:00:00Z', message: 'hi' },
        },
      ];
      for (const frame of frames) {
        builds.mock.resetCalls();
        asker.send(frame);
        assert.equal((await asker.reply()).ref, frame.ref);
        assert.equal(builds.mock.callCount(), 1, frame.event);
      }
    } finally {
      builds.mock.restore();
      await closeAll(asker, other);
    }
  });

  test("games/connect and games/disconnect go to games that support games, for a game's first and last socket", async () => {
    const watcher = await authenticated(game, { supports: ['channels', 'games'] });
    const first = await authenticated(otherGame, { supports: ['channels'] });
    const connect = await watcher.reply();
    assert.deepEqual([connect.event, connect.payload], ['games/connect', { game: 'Second Sun' }]);
    assert.match(String(connect.ref), UUID);
    const second = await authenticated(otherGame, { supports: ['channels'] });
    await second.close();
    assert.ok(await watcher.noReplyWithin(100), 'a second socket of an online game is no news');
    await first.close();
    const disconnect = await watcher.reply();
    assert.deepEqual([disconnect.event, disconnect.payload], ['games/disconnect', { game: 'Second Sun' }]);
    await watcher.close();
  });

  describe('tells', () => {
    const tell = (overrides: Record<string, unknown> = {}) => ({
      from_name: 'Ann',
      to_game: 'second sun',
      to_name: 'cy',
      sent_at: '2026-12-01T12:00:00Z',
      message: 'hi there',
      ...overrides,
    });

    test('a tell to an online player arrives as tells/receive and succeeds', async () => {
      const sends = (await events('tells/send')) ?? 0;
      const sender = await authenticated(game, { players: ['Ann'] });
      const receiver = await authenticated(otherGame, { players: ['Cy'] });
      sender.send({ event: 'tells/send', ref: 't', payload: tell() });
      assert.deepEqual(await sender.reply(), { event: 'tells/send', ref: 't', status: 'success' });
      const received = await receiver.reply();
      assert.equal(received.event, 'tells/receive');
      assert.match(String(received.ref), UUID);
      assert.deepEqual(received.payload, {
        from_game: 'Elder Realms',
        from_name: 'Ann',
        to_name: 'cy',
        sent_at: '2026-12-01T12:00:00Z',
        message: 'hi there',
      });
      assert.equal(await events('tells/send'), sends + 1);
      await closeAll(sender, receiver);
    });

    test('every failure: invalid payload, game offline, not supported, sending or receiving player offline, missing support', async () => {
      const sender = await authenticated(game, { players: ['Ann'] });
      const invalid = [
        { message: undefined },
        { extra: 'field' },
        { sent_at: '2026-12-01T12:00:00+01:00' },
        { sent_at: 'yesterday' },
        { to_name: 5 },
      ];
      for (const overrides of invalid) {
        const payload = JSON.parse(JSON.stringify(tell(overrides))) as Record<string, unknown>;
        sender.send({ event: 'tells/send', ref: 'i', payload });
        assert.equal((await sender.reply()).error, 'invalid payload', JSON.stringify(overrides));
      }
      sender.send({ event: 'tells/send', ref: 'o', payload: tell() });
      assert.equal((await sender.reply()).error, 'game offline');

      const deaf = await authenticated(otherGame, { supports: ['channels', 'players'], players: ['Cy'] });
      sender.send({ event: 'tells/send', ref: 'n', payload: tell() });
      assert.equal((await sender.reply()).error, 'not supported');
      await deaf.close();

      const receiver = await authenticated(otherGame, { players: ['Cy'] });
      sender.send({ event: 'tells/send', ref: 's', payload: tell({ from_name: 'Zed' }) });
      assert.equal((await sender.reply()).error, 'sending player offline');
      sender.send({ event: 'tells/send', ref: 'r', payload: tell({ to_name: 'Zed' }) });
      assert.equal((await sender.reply()).error, 'receiving player offline');
      assert.ok(await receiver.noReplyWithin(50), 'no failed tell was delivered');

      const limited = await authenticated(game, { supports: ['channels'] });
      limited.send({ event: 'tells/send', ref: 'l', payload: tell() });
      assert.equal((await limited.reply()).error, 'missing support for "tells"');
      await closeAll(sender, receiver, limited);
    });
  });

  test('a frame over 64 KiB closes the socket with 1009', async () => {
    const socket = await authenticated();
    socket.sendRaw(JSON.stringify({ event: 'heartbeat', payload: { players: ['x'.repeat(70_000)] } }));
    assert.equal((await socket.closed).code, 1009);
  });
});

describe('game socket heartbeats', () => {
  let site: TestSite;
  let game: CreatedGame;
  before(async () => {
    site = await startTestSite({ heartbeatIntervalSeconds: INTERVAL_SECONDS, heartbeatMissedLimit: MISSED_LIMIT });
    const { cookie } = await registerAndSignIn(site.url);
    game = await createGame(site.url, cookie, 'Beating Heart');
  });
  after(() => site.close());
  const credentials = (of: CreatedGame) => ({ client_id: of.clientId, client_secret: of.clientSecret });
  const connected = () => site.metric('grapevine_sockets_connected');

  test('the server heartbeats every interval; a game that answers stays past the limit, its players become its presence, and beats are counted', async () => {
    const heartbeats = (await site.metric('grapevine_socket_heartbeats_total')) ?? 0;
    const socket = await openSocket(wsUrl(site.url, '/socket'));
    socket.answerHeartbeats(['Ann', 'Bo', '']);
    socket.send({ event: 'authenticate', payload: { ...credentials(game), supports: ['channels'] } });
    assert.equal((await socket.reply()).status, 'success');
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_SECONDS * (MISSED_LIMIT + 2) * 1000));
    assert.ok(socket.isOpen());
    assert.equal(site.services.games.find(game.id)?.players, 2, 'empty names are dropped');
    assert.ok(((await site.metric('grapevine_socket_heartbeats_total')) ?? 0) >= heartbeats + MISSED_LIMIT + 2);
    socket.answerHeartbeats(['Ann']);
    await eventually(() => site.services.games.find(game.id)?.players === 1, 'each beat to replace the list');
    await socket.close();
  });

  test(`a game that leaves ${MISSED_LIMIT} heartbeats unanswered is closed with 4001 and counted`, async () => {
    const disconnects = (await site.metric('grapevine_socket_heartbeat_disconnects_total')) ?? 0;
    const socket = await openSocket(wsUrl(site.url, '/socket'));
    socket.send({ event: 'authenticate', payload: { ...credentials(game), supports: ['channels'] } });
    assert.equal((await socket.reply()).status, 'success');
    const beats: Frame[] = [];
    for (let i = 0; i < MISSED_LIMIT; i += 1) beats.push(await socket.heartbeat());
    assert.deepEqual(
      beats,
      Array.from({ length: MISSED_LIMIT }, () => ({ event: 'heartbeat' })),
    );
    assert.deepEqual(await socket.closed, { code: 4001, reason: `heartbeat failure: ${MISSED_LIMIT} heartbeats unanswered` });
    assert.equal(await site.metric('grapevine_socket_heartbeat_disconnects_total'), disconnects + 1);
    await eventually(async () => (await connected()) === 0, 'the sockets gauge to drop');
  });
});

describe('game socket on shutdown', () => {
  test('every game gets restart with a downtime before its socket closes (1001)', async () => {
    const site = await startTestSite();
    const { cookie } = await registerAndSignIn(site.url);
    const game = await createGame(site.url, cookie, 'Restart Keep');
    const socket = await openSocket(wsUrl(site.url, '/socket'));
    socket.send({ event: 'authenticate', payload: { client_id: game.clientId, client_secret: game.clientSecret, supports: ['channels'] } });
    assert.equal((await socket.reply()).status, 'success');
    await site.close();
    const restart = await socket.reply();
    assert.equal(restart.event, 'restart');
    assert.match(String(restart.ref), UUID);
    assert.deepEqual(restart.payload, { downtime: 15 });
    assert.equal((await socket.closed).code, 1001);
  });
});
