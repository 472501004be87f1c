// Issue 12's socket findings, each against its limit (set low here so a test can reach it): sockets
// and players per game, channels per socket on game and web sockets, each socket's frame rate and the
// close of a socket that keeps on, the authentication deadline, the cap on sockets still waiting to
// authenticate, and the frame size; every refusal a failure reply or a close with a reason, counted
// in grapevine_socket_refusals_total{reason}.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { SOCKET_REFUSALS } from '../../../../app/site/telemetry/events.js';
import { createGame, registerAndSignIn, type CreatedGame } from '../../support/accounts.js';
import { useTestSite, type TestSite } from '../../support/site.js';
import { eventually, openSocket, refusedStatus, wsUrl, type Frame, type TestSocket } from '../../support/sockets.js';

let games = 0;
/** A game with a fresh name (the support's default name has an underscore, which game names may not). */
const newGame = (site: TestSite, cookie: string) => createGame(site.url, cookie, `Limit Realm ${(games += 1)}`);

const refusals = (site: TestSite, reason: string) => site.metric('grapevine_socket_refusals_total', { reason });

async function authenticate(
  site: TestSite,
  game: CreatedGame,
  extra: Record<string, unknown> = {},
): Promise<{ socket: TestSocket; reply: Frame }> {
  const socket = await openSocket(wsUrl(site.url, '/socket'));
  socket.answerHeartbeats([]);
  socket.send({
    event: 'authenticate',
    payload: { client_id: game.clientId, client_secret: game.clientSecret, supports: ['channels', 'players'], ...extra },
  });
  return { socket, reply: await socket.reply() };
}

async function authenticated(site: TestSite, game: CreatedGame, extra: Record<string, unknown> = {}): Promise<TestSocket> {
  const { socket, reply } = await authenticate(site, game, extra);
  assert.equal(reply.status, 'success', reply.error);
  await socket.heartbeat();
  return socket;
}

/** The status and Retry-After of a refused upgrade. */
function refusedUpgrade(url: string): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] });
      socket.terminate();
    });
    socket.on('error', () => {});
  });
}

/** The socket's close, or a failure after 3 s, so a socket left open fails the test instead of hanging it. */
function closeOf(socket: TestSocket): Promise<{ code: number; reason: string }> {
  return Promise.race([
    socket.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the socket is still open after 3 s')), 3_000).unref()),
  ]);
}

describe('socket limits: what a game and a socket may hold', () => {
  const site = useTestSite({
    socketLimits: { maxSocketsPerGame: 2, maxPlayersPerGame: 3, maxChannelsPerSocket: 2, maxWebSocketsPerSession: 2 },
  });
  let cookie: string;
  const game = () => newGame(site, cookie);

  test('every refusal reason exists at 0 from start-up', async () => {
    ({ cookie } = await registerAndSignIn(site.url));
    for (const reason of SOCKET_REFUSALS) assert.equal(await refusals(site, reason), 0, reason);
    assert.deepEqual([...SOCKET_REFUSALS].sort(), [
      'auth_timeout',
      'channels_per_socket',
      'frame_size',
      'message_rate',
      'message_rate_close',
      'players_per_game',
      'sockets_per_game',
      'unauthenticated_sockets',
      'web_sockets_per_session',
    ]);
  });

  test('a game past MAX_SOCKETS_PER_GAME: authenticate fails with the reason, the socket closes with 4409, and a place frees up', async () => {
    const capped = await game();
    const first = await authenticated(site, capped);
    const second = await authenticated(site, capped);
    const { socket: third, reply } = await authenticate(site, capped);
    const error = 'too many sockets: a game may have at most 2 open at once';
    assert.deepEqual(reply, { event: 'authenticate', status: 'failure', error });
    assert.deepEqual(await closeOf(third), { code: 4409, reason: error });
    assert.equal(await refusals(site, 'sockets_per_game'), 1);
    assert.equal(await site.metric('grapevine_sockets_connected'), 2);
    // Another game is not held back by this one, and a closed socket makes room again.
    const other = await authenticated(site, await game());
    await first.close();
    await eventually(async () => (await site.metric('grapevine_sockets_connected')) === 2, 'the closed socket to leave');
    const again = await authenticated(site, capped);
    await Promise.all([second.close(), other.close(), again.close()]);
  });

  test('players/sign-in past MAX_PLAYERS_PER_GAME fails, across the game’s sockets, announces nothing, and the count stays at the cap', async () => {
    const crowded = await game();
    const one = await authenticated(site, crowded);
    const two = await authenticated(site, crowded);
    const watcher = await authenticated(site, await game());
    for (const [socket, name] of [
      [one, 'Ann'],
      [two, 'Bo'],
      [two, 'Ann'],
      [one, 'Cy'],
    ] as const) {
      socket.send({ event: 'players/sign-in', ref: name, payload: { name } });
      assert.equal((await socket.reply()).status, 'success', `${name} signs in`);
      assert.equal((await watcher.reply()).payload?.name, name, `${name} is announced`);
    }
    two.send({ event: 'players/sign-in', ref: 'Di', payload: { name: 'Di' } });
    assert.deepEqual(await two.reply(), {
      event: 'players/sign-in',
      ref: 'Di',
      status: 'failure',
      error: 'too many players: a game may have at most 3 online',
    });
    assert.equal(site.services.games.find(crowded.id)?.players, 3);
    assert.equal(await refusals(site, 'players_per_game'), 1);
    assert.ok(await watcher.noReplyWithin(100), 'a refused sign-in is not announced');
    // A sign-out makes room.
    one.send({ event: 'players/sign-out', ref: 'out', payload: { name: 'Cy' } });
    assert.equal((await one.reply()).status, 'success');
    two.send({ event: 'players/sign-in', ref: 'Di2', payload: { name: 'Di' } });
    assert.equal((await two.reply()).status, 'success');
    await Promise.all([one.close(), two.close(), watcher.close()]);
  });

  test('a heartbeat listing more players than the cap keeps the first ones, and a ref gets the failure', async () => {
    const crowded = await game();
    const socket = await authenticated(site, crowded);
    const before = (await refusals(site, 'players_per_game')) ?? 0;
    socket.send({ event: 'heartbeat', ref: 'h', payload: { players: Array.from({ length: 5_000 }, (_, i) => `p${i}`) } });
    assert.deepEqual(await socket.reply(), {
      event: 'heartbeat',
      ref: 'h',
      status: 'failure',
      error: 'too many players: a game may have at most 3 online',
    });
    assert.equal(site.services.games.find(crowded.id)?.players, 3);
    assert.equal(await refusals(site, 'players_per_game'), before + 1);
    await socket.close();
    await eventually(() => site.services.games.find(crowded.id)?.players === 0, 'the players to leave with the socket');
  });

  test('channels/subscribe past MAX_CHANNELS_PER_SOCKET fails on a game socket, in authenticate’s list too', async () => {
    const socket = await authenticated(site, await game(), { channels: ['one', 'two', 'three'] });
    const error = 'Could not subscribe to "three": a socket may be on at most 2 channels; unsubscribe from one first';
    assert.deepEqual(await socket.reply(), { event: 'channels/subscribe', status: 'failure', error });
    socket.send({ event: 'channels/subscribe', ref: 1, payload: { channel: 'four' } });
    assert.equal((await socket.reply()).error, error.replace('three', 'four'));
    socket.send({ event: 'channels/subscribe', ref: 2, payload: { channel: 'one' } });
    assert.equal((await socket.reply()).status, 'success', 'a channel it is on already is no new one');
    socket.send({ event: 'channels/unsubscribe', ref: 3, payload: { channel: 'one' } });
    assert.equal((await socket.reply()).status, 'success');
    socket.send({ event: 'channels/subscribe', ref: 4, payload: { channel: 'four' } });
    assert.equal((await socket.reply()).status, 'success', 'leaving one makes room');
    assert.equal(await refusals(site, 'channels_per_socket'), 2);
    await socket.close();
  });

  test('channels/subscribe past MAX_CHANNELS_PER_SOCKET fails on a web socket', async () => {
    const web = await openSocket(wsUrl(site.url, '/socket/web'), { cookie });
    const before = (await refusals(site, 'channels_per_socket')) ?? 0;
    for (const [ref, channel] of ['one', 'two'].entries()) {
      web.send({ event: 'channels/subscribe', ref, payload: { channel } });
      assert.equal((await web.reply()).status, 'success');
    }
    web.send({ event: 'channels/subscribe', ref: 'x', payload: { channel: 'three' } });
    assert.deepEqual(await web.reply(), {
      event: 'channels/subscribe',
      ref: 'x',
      status: 'failure',
      error: 'Could not subscribe to "three": a socket may be on at most 2 channels; unsubscribe from one first',
    });
    assert.equal(await refusals(site, 'channels_per_socket'), before + 1);
    await web.close();
  });

  test('a session past MAX_WEB_SOCKETS_PER_SESSION gets 429 for the next web chat upgrade; another session is not held back', async () => {
    const web = wsUrl(site.url, '/socket/web');
    const first = await openSocket(web, { cookie });
    const second = await openSocket(web, { cookie });
    assert.equal(await refusedStatus(web, { cookie }), 429);
    assert.equal(await refusals(site, 'web_sockets_per_session'), 1);
    const other = await registerAndSignIn(site.url);
    const theirs = await openSocket(web, { cookie: other.cookie });
    await first.close();
    await eventually(async () => (await site.metric('grapevine_web_clients_open')) === 2, 'the closed socket to leave');
    const again = await openSocket(web, { cookie });
    await Promise.all([second.close(), theirs.close(), again.close()]);
  });

  test('a frame over 64 KiB closes the socket with 1009 and is counted', async () => {
    const socket = await authenticated(site, await game());
    socket.sendRaw(JSON.stringify({ event: 'heartbeat', payload: { players: ['x'.repeat(70_000)] } }));
    assert.equal((await closeOf(socket)).code, 1009);
    await eventually(async () => (await refusals(site, 'frame_size')) === 1, 'the oversized frame to be counted');
  });
});

describe('socket limits: the frame rate', () => {
  // A burst of 5, then 2 a second; the third refusal within a minute closes the socket.
  const site = useTestSite({ socketLimits: { messagesPerSecond: 2, messageBurst: 5, rateRefusalsBeforeClose: 3 } });
  const rateError = 'rate limit exceeded: at most 2 messages a second (bursts of 5); slow down or the socket is closed';

  test('a game socket: the burst passes, the next frame gets a failure saying so (even without a ref), the bucket refills, and a third refusal closes it (4429)', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    // authenticate is one of the five (the answer to the server's heartbeat is free).
    const socket = await authenticated(site, await newGame(site, cookie));
    for (let i = 0; i < 4; i += 1) socket.send({ event: 'channels/subscribe', ref: i, payload: { channel: 'gossip' } });
    for (let i = 0; i < 4; i += 1) assert.equal((await socket.reply()).status, 'success', `frame ${i} of the burst`);
    socket.send({ event: 'channels/subscribe', payload: { channel: 'gossip' } });
    assert.deepEqual(await socket.reply(), { event: 'channels/subscribe', status: 'failure', error: rateError });
    assert.equal(await refusals(site, 'message_rate'), 1);

    await new Promise((resolve) => setTimeout(resolve, 600));
    socket.send({ event: 'channels/unsubscribe', ref: 'later', payload: { channel: 'gossip' } });
    assert.equal((await socket.reply()).status, 'success', 'a token came back after half a second');

    socket.send({ event: 'channels/subscribe', ref: 'a', payload: { channel: 'gossip' } });
    socket.send({ event: 'channels/subscribe', ref: 'b', payload: { channel: 'gossip' } });
    assert.equal((await socket.reply()).error, rateError);
    assert.equal((await socket.reply()).error, rateError);
    assert.deepEqual(await closeOf(socket), { code: 4429, reason: 'rate limit exceeded 3 times in a minute' });
    assert.equal(await refusals(site, 'message_rate'), 3);
    assert.equal(await refusals(site, 'message_rate_close'), 1);
  });

  test('a web socket: 2,000 chat messages at once are not all accepted; the socket is closed after the third refusal', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    const web = await openSocket(wsUrl(site.url, '/socket/web'), { cookie });
    const messages = (await site.metric('grapevine_channel_messages_total')) ?? 0;
    web.send({ event: 'channels/subscribe', ref: 's', payload: { channel: 'gossip' } });
    assert.equal((await web.reply()).status, 'success');
    for (let i = 0; i < 2_000; i += 1) web.send({ event: 'channels/send', ref: i, payload: { channel: 'gossip', message: `flood ${i}` } });
    const replies: Frame[] = [];
    for (let i = 0; i < 7; i += 1) replies.push(await web.reply());
    assert.deepEqual(
      replies.map((reply) => reply.status),
      ['success', 'success', 'success', 'success', 'failure', 'failure', 'failure'],
    );
    assert.equal(replies[4]?.error, rateError);
    assert.equal((await closeOf(web)).code, 4429);
    assert.equal(await site.metric('grapevine_channel_messages_total'), messages + 4);
  });
});

describe('socket limits: the frame rate never refuses the answer to a server heartbeat', () => {
  // Heartbeats every 0.2 s, one missed in a row drops the game; 1 frame a second, no close for refusals.
  const site = useTestSite({
    heartbeatIntervalSeconds: 0.2,
    heartbeatMissedLimit: 1,
    socketLimits: { messagesPerSecond: 1, messageBurst: 2, rateRefusalsBeforeClose: 1_000 },
  });

  test('a game over its rate keeps answering heartbeats: they are counted and it is not dropped', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    const socket = await authenticated(site, await newGame(site, cookie));
    const heartbeats = (await site.metric('grapevine_socket_heartbeats_total')) ?? 0;
    // 1.5 s of frames at 20 a second: nearly all refused for rate, while about 7 heartbeats come and go.
    for (let i = 0; i < 30; i += 1) {
      socket.send({ event: 'channels/subscribe', payload: { channel: 'gossip' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(socket.isOpen(), 'a game answering every heartbeat is not dropped for heartbeat failure');
    assert.ok(((await site.metric('grapevine_socket_heartbeats_total')) ?? 0) >= heartbeats + 4, 'its answers were counted');
    assert.ok(((await refusals(site, 'message_rate')) ?? 0) >= 20, 'the other frames were refused for rate');
    await socket.close();
  });
});

describe('socket limits: sockets that do not authenticate', () => {
  const site = useTestSite({ socketLimits: { authTimeoutMs: 300, maxUnauthenticatedSockets: 2 } });

  test('a game socket that has not authenticated within SOCKET_AUTH_TIMEOUT_SECONDS is closed with 4000 and a reason, and counted', async () => {
    const opened = Date.now();
    const socket = await openSocket(wsUrl(site.url, '/socket'));
    assert.deepEqual(await closeOf(socket), { code: 4000, reason: 'authentication timed out: authenticate within 0.3 s of connecting' });
    assert.ok(Date.now() - opened >= 250);
    assert.equal(await refusals(site, 'auth_timeout'), 1);
  });

  test('beyond MAX_UNAUTHENTICATED_SOCKETS an upgrade to /socket gets 503 with Retry-After; authenticating frees a place', async () => {
    const { cookie } = await registerAndSignIn(site.url);
    const game = await newGame(site, cookie);
    const waiting = [await openSocket(wsUrl(site.url, '/socket')), await openSocket(wsUrl(site.url, '/socket'))];
    const refused = await refusedUpgrade(wsUrl(site.url, '/socket'));
    assert.equal(refused.status, 503);
    assert.equal(refused.retryAfter, '5');
    assert.equal(await refusals(site, 'unauthenticated_sockets'), 1);
    // The web chat is not held back by waiting game sockets.
    const web = await openSocket(wsUrl(site.url, '/socket/web'), { cookie });
    waiting[0]?.send({
      event: 'authenticate',
      payload: { client_id: game.clientId, client_secret: game.clientSecret, supports: ['channels'] },
    });
    assert.equal((await waiting[0].reply()).status, 'success');
    const third = await openSocket(wsUrl(site.url, '/socket'));
    assert.equal(await refusedStatus(wsUrl(site.url, '/socket')), 503, 'the authenticated one left a place, now taken again');
    await Promise.all([...waiting, third, web].map((socket) => socket.close()));
  });
});
