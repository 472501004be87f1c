// Two replicas of one site, as `--scale app=2` runs them: one data directory, one bus (here an
// in-process hub standing in for Valkey; test/integration has the real one). A game on one and a
// web client or game on the other chat, see each other online, send tells and notices, and a
// sign-out through one closes the chat socket on the other. Each fact is counted once in the gauges.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createInProcessBusHub } from '../../../../app/kernel/bus/in-process-bus.js';
import { createGame, registerAndSignIn, type CreatedGame } from '../../support/accounts.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { eventually, openSocket, wsUrl, type Frame, type TestSocket } from '../../support/sockets.js';

describe('two replicas of one site', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-replicas-'));
  const hub = createInProcessBusHub();
  let a: TestSite;
  let b: TestSite;
  let cookie: string;
  let username: string;
  let elder: CreatedGame;
  let second: CreatedGame;
  before(async () => {
    a = await startTestSite({ dataDir, bus: hub.connect('replica-a') });
    b = await startTestSite({ dataDir, bus: hub.connect('replica-b') });
    ({ cookie, username } = await registerAndSignIn(a.url));
    elder = await createGame(a.url, cookie, 'Elder Realms');
    second = await createGame(b.url, cookie, 'Second Sun');
  });
  after(async () => {
    await a.close();
    await b.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function gameOn(site: TestSite, game: CreatedGame, players: string[] = []): Promise<TestSocket> {
    const socket = await openSocket(wsUrl(site.url, '/socket'));
    socket.answerHeartbeats(players);
    socket.send({
      event: 'authenticate',
      payload: {
        client_id: game.clientId,
        client_secret: game.clientSecret,
        supports: ['channels', 'games', 'players', 'tells'],
        channels: ['gossip'],
        user_agent: 'TestMUD 1.0',
      },
    });
    assert.equal((await socket.reply()).status, 'success');
    await socket.heartbeat();
    return socket;
  }
  /** The next server-started frame of `event`, skipping others. */
  async function next(socket: TestSocket, event: string): Promise<Frame> {
    for (;;) {
      const frame = await socket.reply();
      if (frame.event === event) return frame;
    }
  }
  const gamesOnline = async () => ((await a.metric('grapevine_games_online')) ?? 0) + ((await b.metric('grapevine_games_online')) ?? 0);

  test('a game on one replica and a web client on the other chat, each seeing where the other wrote from', async () => {
    const game = await gameOn(a, elder);
    const web = await openSocket(wsUrl(b.url, '/socket/web'), { cookie });
    try {
      web.send({ event: 'channels/subscribe', ref: 's', payload: { channel: 'gossip' } });
      assert.equal((await web.reply()).status, 'success');

      game.send({ event: 'channels/send', ref: 'g', payload: { channel: 'gossip', name: 'Ann', message: 'hello from the realms' } });
      assert.equal((await game.reply()).status, 'success');
      const heard = await web.broadcast();
      assert.deepEqual(heard.payload, {
        channel: 'gossip',
        game: 'Elder Realms',
        name: 'Ann',
        message: 'hello from the realms',
        origin: 'game',
      });

      web.send({ event: 'channels/send', ref: 'w', payload: { channel: 'gossip', message: 'hello from the web' } });
      assert.equal((await web.reply()).status, 'success');
      const answered = await game.broadcast();
      assert.deepEqual(answered.payload, {
        channel: 'gossip',
        game: 'Grapevine',
        name: username,
        message: 'hello from the web',
        origin: 'web',
      });
    } finally {
      await web.close();
      await game.close();
    }
  });

  test('games on different replicas see each other connect, sign players in, answer games/status and exchange tells', async () => {
    const other = await gameOn(b, second, ['Bo']);
    const game = await gameOn(a, elder, ['Ann']);
    try {
      assert.deepEqual((await next(other, 'games/connect')).payload, { game: 'Elder Realms' });
      await eventually(() => b.services.games.find(elder.id)?.online === true, 'replica b to see Elder Realms online');
      await eventually(() => b.services.games.find(elder.id)?.players === 1, 'replica b to count its player');

      game.send({ event: 'players/sign-in', ref: 'p', payload: { name: 'Cy' } });
      assert.equal((await next(game, 'players/sign-in')).status, 'success');
      assert.deepEqual((await next(other, 'players/sign-in')).payload, { game: 'Elder Realms', name: 'Cy' });

      await eventually(() => b.services.games.find(elder.id)?.players === 2, 'both players of Elder Realms seen on b');
      other.send({ event: 'games/status', ref: 'st', payload: { game: 'Elder Realms' } });
      const status = await next(other, 'games/status');
      assert.equal(status.status, 'success');
      assert.equal(status.payload?.players_online_count, 2);
      assert.deepEqual(status.payload?.channels, ['gossip']);
      assert.equal(status.payload?.user_agent, 'TestMUD 1.0');

      other.send({
        event: 'tells/send',
        ref: 't',
        payload: { from_name: 'Bo', to_game: 'Elder Realms', to_name: 'Ann', sent_at: '2026-12-02T01:00:00Z', message: 'psst' },
      });
      assert.equal((await next(other, 'tells/send')).status, 'success');
      assert.deepEqual((await next(game, 'tells/receive')).payload, {
        from_game: 'Second Sun',
        from_name: 'Bo',
        to_name: 'Ann',
        sent_at: '2026-12-02T01:00:00Z',
        message: 'psst',
      });
    } finally {
      await game.close();
      assert.deepEqual((await next(other, 'games/disconnect')).payload, { game: 'Elder Realms' });
      await other.close();
    }
  });

  test('a game with a socket on each replica is online once in the gauges summed over both', async () => {
    const onA = await gameOn(a, elder);
    const onB = await gameOn(b, elder);
    try {
      await eventually(async () => (await gamesOnline()) === 1, 'one game online across both replicas');
      assert.equal(((await a.metric('grapevine_sockets_connected')) ?? 0) + ((await b.metric('grapevine_sockets_connected')) ?? 0), 2);
      await onA.close();
      await eventually(async () => (await gamesOnline()) === 1, 'still online through replica b');
    } finally {
      await onB.close();
    }
    await eventually(async () => (await gamesOnline()) === 0, 'no game online');
    await eventually(() => a.services.games.find(elder.id)?.online === false, 'replica a to see Elder Realms offline');
  });

  test('signing out through one replica closes the chat socket open on the other', async () => {
    const user = await registerAndSignIn(a.url);
    const web = await openSocket(wsUrl(b.url, '/socket/web'), { cookie: user.cookie });
    const response = await fetch(new URL('/api/sessions', a.url), { method: 'DELETE', headers: { cookie: user.cookie } });
    assert.equal(response.status, 204);
    const closed = await web.closed;
    assert.equal(closed.code, 4401);
  });

  test('the bus is on in both, and /health/ready says ok', async () => {
    for (const site of [a, b]) {
      assert.equal(await site.metric('grapevine_bus_connected', { kind: 'in-process' }), 1);
      assert.ok(((await site.metric('grapevine_bus_messages_received_total', { topic: 'presence' })) ?? 0) > 0);
      const ready = await fetch(new URL('/health/ready', site.url));
      assert.deepEqual(await ready.json(), { status: 'ok' });
    }
  });
});
