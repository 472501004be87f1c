// The shared client (scripts/workshop/client) against the real app: the JSON API with its cookie jar, both
// sockets with ref-correlated replies, and errors that say what went wrong.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { checkPassword, checkUsername } from '../../../../../app/site/accounts/rules.js';
import {
  connectGame,
  createGrapevineClient,
  emailFor,
  expectStatus,
  gameName,
  GrapevineNetworkError,
  GrapevineSocketError,
  isApiError,
  openWebClient,
  password,
  username,
} from '../../../../../scripts/workshop/client/index.js';
import { useTestSite } from '../../../support/site.js';

describe('generated names and passwords', () => {
  test('usernames are valid for the app and unique', () => {
    const names = Array.from({ length: 2_000 }, (_, i) => username(i % 2 === 0 ? 'visitor' : 'a very long prefix indeed!'));
    for (const name of names) assert.equal(checkUsername(name), undefined, name);
    assert.equal(new Set(names.map((name) => name.toLowerCase())).size, names.length);
  });

  test('passwords always pass the app rules, with the username they go with', () => {
    // 1 in 300 of an earlier pattern was refused as "too common": enough runs to catch such a thing.
    for (let i = 0; i < 5_000; i++) {
      const name = username();
      const secret = password();
      assert.equal(checkPassword(secret, name), undefined, secret);
    }
  });
});

describe('createGrapevineClient', { timeout: 30_000 }, () => {
  const site = useTestSite();

  test('register, sign in (the jar keeps the session), create and list a game, sign out', async () => {
    const client = createGrapevineClient(site.url);
    const name = username();
    const secret = password();
    const account = expectStatus(await client.register({ username: name, email: emailFor(name), password: secret }), 201);
    assert.equal(account.username, name);
    assert.equal(client.cookie(), undefined, 'registering does not sign in');

    expectStatus(await client.signIn({ username: name, password: secret }), 200);
    assert.match(client.cookie() ?? '', /=/);

    const game = expectStatus(await client.createGame({ name: gameName() }), 201);
    assert.ok(game.clientId && game.clientSecret);
    const list = expectStatus(await client.listGames(), 200);
    assert.ok(list.games.some((listed) => listed.id === game.id && listed.online === false));

    assert.equal((await client.signOut()).status, 204);
    assert.equal(client.cookie(), undefined);
    const refused = await client.createGame({ name: gameName() });
    assert.equal(refused.status, 401, '4xx are returned, not thrown');
    assert.ok(isApiError(refused.body));
  });

  test('health, and expectStatus naming the status and body it got', async () => {
    const client = createGrapevineClient(site.url);
    assert.equal((await client.health()).status, 200);
    assert.equal((await client.health('live')).status, 200);
    const bad = await client.register({ username: 'x', email: 'x', password: 'x' });
    assert.equal(bad.status, 400);
    assert.throws(() => expectStatus(bad, 201, 'register'), /register: expected status 201, got 400 \{"error":/);
  });

  test('a network failure throws a GrapevineNetworkError naming the request and the cause', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await assert.rejects(createGrapevineClient(`http://127.0.0.1:${port}`).listGames(), (error: unknown) => {
      assert.ok(error instanceof GrapevineNetworkError);
      assert.match(error.message, new RegExp(`GET http://127.0.0.1:${port}/api/games failed: ECONNREFUSED`));
      return true;
    });
  });
});

describe('connectGame and openWebClient', { timeout: 30_000 }, () => {
  const site = useTestSite();

  async function signedInWithGame() {
    const client = createGrapevineClient(site.url);
    const name = username();
    const secret = password();
    expectStatus(await client.register({ username: name, email: emailFor(name), password: secret }), 201);
    expectStatus(await client.signIn({ username: name, password: secret }), 200);
    const game = expectStatus(await client.createGame({ name: gameName() }), 201);
    return { client, name, game };
  }

  test('a game and a web client chat on a channel; every call resolves with its reply', async () => {
    const { client, name, game } = await signedInWithGame();
    const socket = await connectGame(site.url, { clientId: game.clientId, clientSecret: game.clientSecret, channels: ['gossip'] });
    try {
      socket.setPlayers(['Ada']);
      assert.equal((await socket.authenticate()).status, 'success');
      // The app heartbeats right after authenticating; the socket answers on its own.
      while (socket.heartbeatsAnswered() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal((await socket.signInPlayer('Bob')).status, 'success');
      assert.equal((await socket.subscribe('testing')).status, 'success');
      const unknown = await socket.request('weather/forecast', {});
      assert.deepEqual([unknown.status, unknown.error], ['failure', 'unknown']);

      const web = await openWebClient(site.url, client.cookie());
      try {
        assert.equal((await web.subscribe('gossip')).status, 'success');
        assert.equal((await socket.send('gossip', 'Ada', 'hello from the game')).status, 'success');
        assert.deepEqual(await web.nextBroadcast(), {
          channel: 'gossip',
          game: game.name,
          name: 'Ada',
          message: 'hello from the game',
          origin: 'game',
        });
        assert.equal((await web.send('gossip', 'hello from the web')).status, 'success');
        const heard = await socket.nextBroadcast();
        assert.equal(heard.message, 'hello from the web');
        assert.equal(heard.name, name);
      } finally {
        await web.close();
      }
      assert.equal((await socket.signOutPlayer('Bob')).status, 'success');
    } finally {
      await socket.close();
    }
    assert.equal(socket.isOpen(), false);
  });

  test('two games: sign-in notices, a tell each way, and game and player status', async () => {
    const first = await signedInWithGame();
    const second = await signedInWithGame();
    const ours = await connectGame(site.url, { clientId: first.game.clientId, clientSecret: first.game.clientSecret });
    const theirs = await connectGame(site.url, { clientId: second.game.clientId, clientSecret: second.game.clientSecret });
    try {
      ours.setPlayers(['Ada']);
      assert.equal((await ours.authenticate()).status, 'success');
      assert.equal((await ours.signInPlayer('Ada')).status, 'success');
      assert.equal((await theirs.authenticate()).status, 'success');
      assert.deepEqual((await ours.nextNotice('games/connect')).payload, { game: second.game.name });
      // Its first heartbeat answered (no players yet), a player signs in and later answers list her.
      while (theirs.heartbeatsAnswered() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      theirs.setPlayers(['Bea']);
      assert.equal((await theirs.signInPlayer('Bea')).status, 'success');
      assert.deepEqual((await ours.nextNotice('players/sign-in')).payload, { game: second.game.name, name: 'Bea' });

      assert.equal((await ours.tell('Ada', second.game.name, 'Bea', 'psst')).status, 'success');
      const received = await theirs.nextNotice('tells/receive');
      assert.deepEqual(
        { ...(received.payload as object), sent_at: 'now' },
        {
          from_game: first.game.name,
          from_name: 'Ada',
          to_name: 'Bea',
          sent_at: 'now',
          message: 'psst',
        },
      );
      const refused = await theirs.tell('Bea', first.game.name, 'Nobody', 'hello?');
      assert.deepEqual([refused.status, refused.error], ['failure', 'receiving player offline']);

      const players = await ours.playersStatus(second.game.name);
      assert.deepEqual(players.payload, { game: second.game.name, players: ['Bea'] });
      const status = await ours.gameStatus(second.game.name);
      assert.equal(status.status, 'success');
      assert.equal((status.payload as { players_online_count: number }).players_online_count, 1);
    } finally {
      await Promise.all([ours.close(), theirs.close()]);
    }
  });

  test('wrong game credentials: a failure reply, then the app closes with 4000', async () => {
    const socket = await connectGame(site.url, { clientId: 'nope', clientSecret: 'nope', channels: [] });
    const reply = await socket.authenticate();
    assert.equal(reply.status, 'failure');
    assert.equal((await socket.closed).code, 4000);
    await assert.rejects(socket.signInPlayer('Ada'), /cannot send players\/sign-in, the socket is closed/);
  });

  test('a web client without a session is refused with the HTTP status', async () => {
    await assert.rejects(openWebClient(site.url, undefined), (error: unknown) => {
      assert.ok(error instanceof GrapevineSocketError);
      assert.equal(error.status, 401);
      assert.match(error.message, /upgrade refused with HTTP 401/);
      return true;
    });
  });
});

describe('socket timeouts', { timeout: 30_000 }, () => {
  test('no reply in time is a clear error naming the event and the ref', async () => {
    // A peer that accepts the socket and never answers.
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => silent.once('listening', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const socket = await connectGame(`http://127.0.0.1:${port}`, { clientId: 'a', clientSecret: 'b' }, { timeoutMs: 200 });
      await assert.rejects(socket.authenticate(), /no reply to authenticate \(ref 1\) within 200 ms/);
      await assert.rejects(socket.nextBroadcast(100), /no channels\/broadcast within 100 ms/);
      await socket.close();
    } finally {
      for (const client of silent.clients) client.terminate();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('a game that stops answering heartbeats', () => {
  const site = useTestSite({ heartbeatIntervalSeconds: 0.2, heartbeatMissedLimit: 2 });

  test('is closed by the app with 4001 after the missed-heartbeat limit', async () => {
    const client = createGrapevineClient(site.url);
    const name = username();
    const secret = password();
    expectStatus(await client.register({ username: name, email: emailFor(name), password: secret }), 201);
    expectStatus(await client.signIn({ username: name, password: secret }), 200);
    const game = expectStatus(await client.createGame({ name: gameName() }), 201);
    const socket = await connectGame(site.url, { clientId: game.clientId, clientSecret: game.clientSecret });
    assert.equal((await socket.authenticate()).status, 'success');
    // Answering, it outlives the limit...
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.ok(socket.isOpen());
    assert.ok(socket.heartbeatsAnswered() >= 3);
    // ...and silent, it does not.
    socket.stopAnsweringHeartbeats();
    assert.equal((await socket.closed).code, 4001);
  });
});
