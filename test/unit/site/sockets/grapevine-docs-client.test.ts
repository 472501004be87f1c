// A game client written only from Grapevine's websocket documentation (grapevine.haus/docs) and the
// way its client libraries (gossip-ranvier's SocketClient.js, gossip-clients' client.py) behave, not
// from this project's code: open the socket, authenticate, answer every heartbeat with the player list,
// send chat, sign players in and out, send a tell, and take whatever the server sends. It must stay
// connected over several heartbeat periods and never see a frame the documentation does not describe.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createGame, registerAndSignIn, type CreatedGame } from '../../support/accounts.js';
import { startTestSite, type TestSite } from '../../support/site.js';

interface Event {
  event: string;
  ref?: string;
  status?: string;
  error?: string;
  payload?: Record<string, unknown>;
}

/** Every event the documentation says a server may send a game. */
const DOCUMENTED_EVENTS = new Set([
  'authenticate',
  'heartbeat',
  'restart',
  'channels/subscribe',
  'channels/unsubscribe',
  'channels/broadcast',
  'channels/send',
  'players/sign-in',
  'players/sign-out',
  'players/status',
  'tells/send',
  'tells/receive',
  'games/connect',
  'games/disconnect',
  'games/status',
]);

interface DocsClient {
  /** Everything the server sent, in order. */
  received: Event[];
  players: string[];
  heartbeats: number;
  closed: Promise<number>;
  isOpen(): boolean;
  /** Sends an event with a fresh UUID ref and resolves with the response carrying that ref. */
  request(event: string, payload: Record<string, unknown>): Promise<Event>;
  /** Resolves with the next server frame of this event that arrives from now on. */
  next(event: string): Promise<Event>;
  close(): void;
}

async function connectDocsClient(url: string, game: CreatedGame, supports: string[], channels: string[]): Promise<DocsClient> {
  const ws = new WebSocket(url);
  const received: Event[] = [];
  const waiting: Array<{ match: (frame: Event) => boolean; resolve: (frame: Event) => void }> = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const client: DocsClient = {
    received,
    players: [],
    heartbeats: 0,
    closed,
    isOpen: () => ws.readyState === WebSocket.OPEN,
    request(event, payload) {
      const ref = randomUUID();
      const answer = new Promise<Event>((resolve) => waiting.push({ match: (frame) => frame.ref === ref, resolve }));
      ws.send(JSON.stringify({ event, ref, payload }));
      return answer;
    },
    next: (event) => new Promise((resolve) => waiting.push({ match: (frame) => frame.event === event, resolve })),
    close: () => ws.close(),
  };
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as Event;
    received.push(frame);
    // "When you receive a heartbeat, you must respond to it with a heartbeat of your own."
    if (frame.event === 'heartbeat') {
      client.heartbeats += 1;
      ws.send(JSON.stringify({ event: 'heartbeat', payload: { players: client.players } }));
    }
    const index = waiting.findIndex((waiter) => waiter.match(frame));
    if (index !== -1) waiting.splice(index, 1)[0].resolve(frame);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const authenticated = client.next('authenticate');
  ws.send(
    JSON.stringify({
      event: 'authenticate',
      payload: {
        client_id: game.clientId,
        client_secret: game.clientSecret,
        supports,
        channels,
        version: '2.3.0',
        user_agent: 'DocsMUD 0.1',
      },
    }),
  );
  const answer = await authenticated;
  assert.equal(answer.status, 'success', JSON.stringify(answer));
  assert.equal(answer.payload?.unicode, '✔️', 'the unicode check survives the trip');
  return client;
}

const INTERVAL_SECONDS = 0.25;

describe("a client written from Grapevine's documentation", () => {
  let site: TestSite;
  let elder: CreatedGame;
  let second: CreatedGame;
  before(async () => {
    site = await startTestSite({ heartbeatIntervalSeconds: INTERVAL_SECONDS, heartbeatMissedLimit: 3 });
    const { cookie } = await registerAndSignIn(site.url);
    elder = await createGame(site.url, cookie, 'DocsMUD');
    second = await createGame(site.url, cookie, 'ExVenture');
  });
  let siteClosed = false;
  // The test shuts the site down itself, to see restart; this is for when it failed before that.
  after(async () => {
    if (!siteClosed) await site.close();
  });

  test('stays connected over more than three heartbeat periods while chatting, signing players in and out and telling', async () => {
    const url = `${site.url.replace(/^http/, 'ws')}/socket`;
    const supports = ['channels', 'players', 'tells'];
    const docs = await connectDocsClient(url, elder, supports, ['grapevine']);
    const other = await connectDocsClient(url, second, supports, ['grapevine']);
    const started = Date.now();

    // Chat: the sender gets its confirmation, the other game the broadcast.
    const heard = other.next('channels/broadcast');
    const confirmed = await docs.request('channels/send', { channel: 'grapevine', name: 'Player', message: 'Hello everyone!' });
    assert.deepEqual([confirmed.event, confirmed.status], ['channels/send', 'success']);
    // Grapevine's documented four fields, and the app's `origin` beside them (a client that does not know it ignores it).
    assert.deepEqual((await heard).payload, {
      channel: 'grapevine',
      message: 'Hello everyone!',
      game: 'DocsMUD',
      name: 'Player',
      origin: 'game',
    });

    // Players: a sign-in is announced to the other game, and the heartbeats carry the list from then on.
    const signedIn = other.next('players/sign-in');
    docs.players.push('Player');
    assert.equal((await docs.request('players/sign-in', { name: 'Player' })).status, 'success');
    assert.deepEqual((await signedIn).payload, { game: 'DocsMUD', name: 'Player' });
    other.players.push('eric');
    assert.equal((await other.request('players/sign-in', { name: 'eric' })).status, 'success');

    // A tell, as the documentation's example: to a player of a game matched case-insensitively.
    const told = other.next('tells/receive');
    const sent = await docs.request('tells/send', {
      from_name: 'Player',
      to_game: 'exventure',
      to_name: 'eric',
      sent_at: '2018-07-17T13:12:28Z',
      message: 'hi',
    });
    assert.equal(sent.status, 'success', JSON.stringify(sent));
    assert.deepEqual((await told).payload, {
      from_game: 'DocsMUD',
      from_name: 'Player',
      to_name: 'eric',
      sent_at: '2018-07-17T13:12:28Z',
      message: 'hi',
    });

    // Sign-out, announced too.
    const signedOut = other.next('players/sign-out');
    assert.equal((await docs.request('players/sign-out', { name: 'Player' })).status, 'success');
    docs.players.splice(0);
    assert.deepEqual((await signedOut).payload, { game: 'DocsMUD', name: 'Player' });

    // Keep chatting until well past three heartbeat periods.
    while (Date.now() - started < INTERVAL_SECONDS * 4.5 * 1000) {
      assert.equal((await other.request('channels/send', { channel: 'grapevine', name: 'eric', message: 'still here' })).status, 'success');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const client of [docs, other]) {
      assert.ok(client.isOpen(), 'still connected');
      assert.ok(client.heartbeats >= 4, `answered ${client.heartbeats} heartbeats`);
      for (const frame of client.received) {
        assert.ok(DOCUMENTED_EVENTS.has(frame.event), `undocumented frame ${JSON.stringify(frame)}`);
        // Responses only ever come to what was asked: a status means a ref it sent, or its authenticate.
        if (frame.status !== undefined && frame.event !== 'authenticate') assert.ok(frame.ref !== undefined, JSON.stringify(frame));
        assert.notEqual(frame.status, 'failure', JSON.stringify(frame));
      }
      // The server's heartbeat is exactly the documented one.
      assert.deepEqual(
        client.received.find((frame) => frame.event === 'heartbeat'),
        { event: 'heartbeat' },
      );
    }

    // "When Grapevine knows a restart is imminent, you will receive this event."
    const restart = docs.next('restart');
    siteClosed = true;
    const closing = site.close();
    const restartEvent = await restart;
    assert.equal(typeof restartEvent.ref, 'string');
    assert.equal(typeof restartEvent.payload?.downtime, 'number');
    await closing;
    assert.equal(await docs.closed, 1001);
    assert.equal(await other.closed, 1001);
  });
});
