// A short burst of traffic against the real app, started in-process on port 0: the summary counts
// what was done, and the app's own /metrics agree with it, counter by counter.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isCleanRun, runTraffic, type Summary } from '../../../../../scripts/workshop/traffic/index.js';
import { startTestSite, useTestSite, type TestSite } from '../../../support/site.js';

const count = (summary: Summary, table: 'requests' | 'frames', kind: string, status: string | number): number =>
  summary[table].byKind[kind]?.[String(status)] ?? 0;

/** Route, method, status and how many answers the probers' refusals give in the app's http_requests_total. */
const PROBED = [
  ['unmatched', 'GET', '404', 1],
  ['/api/accounts', 'POST', '400', 2], // an invalid username and malformed JSON
  ['/api/accounts', 'POST', '415', 1],
  ['/api/games', 'POST', '401', 1],
  ['/chat', 'GET', '303', 1],
] as const;

describe('runTraffic against the app', { timeout: 120_000 }, () => {
  let site: TestSite;
  let summary: Summary;
  const peaks = { games: 0, webClients: 0, sockets: 0 };

  before(async () => {
    // A heartbeat every 0.25 s and three unanswered ones close a socket, so the stalling game is dropped within the burst.
    site = await startTestSite({ heartbeatIntervalSeconds: 0.25, heartbeatMissedLimit: 3 });
    // The burst ends as soon as every counter and gauge has moved (after at least 2 s), so the test
    // takes seconds on an idle machine and still passes on a loaded one, where scrypt is slower.
    const enough = new AbortController();
    const started = performance.now();
    let replies: Record<string, Record<string, number>> = {};
    const replied = (kind: string) => (replies[kind]?.success ?? 0) >= 1;
    const sampler = (async () => {
      while (!enough.signal.aborted) {
        const metric = async (name: string, labels?: Record<string, string>) => (await site.metric(name, labels)) ?? 0;
        const httpAnswers = (route: string, method: string, status_code: string) =>
          metric('http_requests_total', { route, method, status_code });
        peaks.games = Math.max(peaks.games, await metric('grapevine_games_online'));
        peaks.webClients = Math.max(peaks.webClients, await metric('grapevine_web_clients_open'));
        peaks.sockets = Math.max(peaks.sockets, await metric('grapevine_sockets_connected'));
        const moved =
          peaks.games >= 1 &&
          peaks.webClients >= 1 &&
          (await metric('grapevine_channel_messages_total')) >= 10 &&
          (await metric('grapevine_socket_heartbeat_disconnects_total')) >= 1 &&
          (await metric('grapevine_socket_unknown_events_total')) >= 1 &&
          (await metric('grapevine_socket_connects_total', { result: 'failure' })) >= 1 &&
          (await metric('grapevine_socket_events_total', { event: 'tells/send' })) >= 1 &&
          (await metric('grapevine_socket_events_total', { event: 'games/status' })) >= 1 &&
          (await metric('grapevine_socket_events_total', { event: 'players/status' })) >= 1 &&
          // The app counts a players/status frame also when it answers "unknown game" (the other game
          // had left, which the run excuses); the test asserts a success, so it waits for one.
          replied('game games/status') &&
          replied('game players/status') &&
          // The probers' refusals are picked at random: wait until each kind asserted below was answered.
          (
            await Promise.all(PROBED.map(async ([route, method, status, times]) => (await httpAnswers(route, method, status)) >= times))
          ).every(Boolean);
        if (moved && performance.now() - started >= 2_000) enough.abort();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    summary = await runTraffic({
      baseUrl: site.url,
      durationMs: 30_000,
      rate: 150,
      users: 8,
      signal: enough.signal,
      onProgress: (progress) => (replies = progress.frameReplies),
      progressIntervalMs: 100,
    });
    enough.abort();
    await sampler;
  });
  after(() => site?.close());

  test('nothing unexpected: no 5xx, no wrong status, no failed reply', () => {
    assert.equal(summary.unexpected, 0, summary.errors.join('\n'));
    assert.equal(summary.serverErrors, 0);
    assert.ok(isCleanRun(summary));
    assert.equal(summary.aborted, true, 'the run should have been stopped once everything moved, not by its 30 s');
  });

  test('every kind of traffic happened', () => {
    assert.ok(summary.accounts.registered >= 3, `registered ${summary.accounts.registered}`);
    assert.ok(summary.accounts.signIns >= 2);
    assert.ok(summary.accounts.signOuts >= 2);
    assert.ok(summary.games.created >= 2, 'a game owner and the stalling game');
    assert.ok(summary.sockets.gamesConnected >= 2);
    assert.ok(summary.sockets.webClientsOpened >= 1);
    assert.ok(summary.sockets.heartbeatTimeouts >= 1, 'the stalling game was dropped for missing heartbeats');
    assert.ok(summary.sockets.rejectedAsExpected >= 2, 'bad game credentials and a web client without a session');
    assert.ok(summary.messages.sent >= 10, `sent ${summary.messages.sent}`);
    assert.ok(summary.messages.received >= 1);
    assert.ok(count(summary, 'frames', 'game unknown event', 'failure') >= 1);
    assert.ok(summary.tells.sent >= 1, 'a tell between games');
    assert.ok(summary.tells.received >= 1, 'a tell arrived');
    assert.ok(count(summary, 'frames', 'game games/status', 'success') >= 1);
    assert.ok(count(summary, 'frames', 'game players/status', 'success') >= 1);
    for (const [kind, status] of [
      ['GET unmatched path', 404],
      ['POST /api/accounts invalid username', 400],
      ['POST /api/accounts malformed JSON', 400],
      ['POST /api/accounts not JSON', 415],
      ['POST /api/games signed out', 401],
      ['GET /socket/web signed out', 401],
      ['GET /chat signed out', 303],
    ] as const) {
      assert.ok(count(summary, 'requests', kind, status) >= 1, `${kind} ${status}`);
    }
  });

  test('never faster than the asked rate', () => {
    // Paced operations stay at or under 150/s; heartbeats and sign-outs are clean-up, unpaced, on top.
    const unpaced = count(summary, 'frames', 'game heartbeat', 'success') + summary.accounts.signOuts;
    const paced = summary.requests.total + summary.frames.total - unpaced;
    assert.ok(paced <= 150 * (summary.durationMs / 1000) + 1, `${paced} paced operations in ${summary.durationMs} ms`);
    assert.ok(summary.operationsPerSecond > 0);
  });

  test("the app's counters moved exactly as the summary says", async () => {
    const metric = async (name: string, labels?: Record<string, string>) => (await site.metric(name, labels)) ?? -1;
    assert.equal(await metric('grapevine_accounts_create_total'), summary.accounts.registered);
    assert.equal(await metric('grapevine_accounts_session_login_total'), summary.accounts.signIns);
    assert.equal(await metric('grapevine_accounts_session_logout_total'), summary.accounts.signOuts);
    assert.equal(await metric('grapevine_games_create_total'), summary.games.created);
    assert.equal(await metric('grapevine_channel_messages_total'), summary.messages.sent);
    assert.equal(
      await metric('grapevine_socket_connects_total', { result: 'success' }),
      count(summary, 'frames', 'game authenticate', 'success'),
    );
    assert.equal(
      await metric('grapevine_socket_connects_total', { result: 'failure' }),
      count(summary, 'frames', 'game authenticate (bad credentials)', 'failure'),
    );
    // Every heartbeat answer counts, the owners' and the stalling game's one per connection.
    assert.equal(await metric('grapevine_socket_heartbeats_total'), count(summary, 'frames', 'game heartbeat', 'success'));
    assert.equal(await metric('grapevine_socket_heartbeat_disconnects_total'), summary.sockets.heartbeatTimeouts);
    assert.equal(await metric('grapevine_socket_unknown_events_total'), count(summary, 'frames', 'game unknown event', 'failure'));
    const sent = (kind: string) => count(summary, 'frames', kind, 'success') + count(summary, 'frames', kind, 'failure');
    for (const event of ['tells/send', 'games/status', 'players/status', 'players/sign-in', 'players/sign-out', 'channels/send']) {
      assert.equal(await metric('grapevine_socket_events_total', { event }), sent(`game ${event}`), event);
    }
    assert.equal(
      await metric('http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' }),
      count(summary, 'requests', 'GET unmatched path', 404),
    );
    assert.equal(
      await metric('http_requests_total', { method: 'POST', route: '/api/accounts', status_code: '201' }),
      summary.accounts.registered,
    );
  });

  test('the gauges rose during the run and are back to 0 after it', async () => {
    assert.ok(peaks.games >= 1, `games online peaked at ${peaks.games}`);
    assert.ok(peaks.webClients >= 1, `web clients open peaked at ${peaks.webClients}`);
    assert.ok(peaks.sockets >= 2, `sockets connected peaked at ${peaks.sockets}`);
    // Every socket was closed and every person signed out when the run ended.
    assert.equal(await site.metric('grapevine_games_online'), 0);
    assert.equal(await site.metric('grapevine_web_clients_open'), 0);
    assert.equal(await site.metric('grapevine_sockets_connected'), 0);
    assert.equal(summary.accounts.signOuts, summary.accounts.signIns);
  });
});

describe('runTraffic bounds and failures', { timeout: 60_000 }, () => {
  const site = useTestSite();

  test('stops after --requests operations, well before its duration', async () => {
    const summary = await runTraffic({ baseUrl: site.url, durationMs: 60_000, rate: 200, users: 4, maxRequests: 40 });
    assert.equal(summary.unexpected, 0, summary.errors.join('\n'));
    assert.ok(summary.durationMs < 15_000, `took ${summary.durationMs} ms`);
    const heartbeats = summary.frames.byKind['game heartbeat']?.success ?? 0;
    // Sign-outs and heartbeats are clean-up, not paced, so they come on top of the 40.
    assert.ok(summary.requests.total + summary.frames.total - heartbeats - summary.accounts.signOuts <= 40);
  });

  test('an AbortSignal ends the run early, still cleanly', async () => {
    const summary = await runTraffic({ baseUrl: site.url, durationMs: 60_000, rate: 50, users: 4, signal: AbortSignal.timeout(1_000) });
    assert.equal(summary.aborted, true);
    assert.equal(summary.unexpected, 0, summary.errors.join('\n'));
    assert.ok(summary.durationMs < 15_000, `took ${summary.durationMs} ms`);
    assert.equal(await site.metric('grapevine_web_clients_open'), 0);
  });

  test('an app that is not running is one clear error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(
      runTraffic({ baseUrl: `http://127.0.0.1:${port}`, durationMs: 1_000 }),
      /cannot reach the app at .*ECONNREFUSED.*npm start/,
    );
  });

  test('5xx answers fail the run and are counted', async () => {
    // A broken app: alive, but every other request is a 500.
    const broken = createServer((request, response) => {
      response.statusCode = request.url === '/health/live' ? 200 : 500;
      response.setHeader('content-type', 'application/json');
      response.end('{"error":"boom"}');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = broken.address() as AddressInfo;
      const summary = await runTraffic({ baseUrl: `http://127.0.0.1:${port}`, durationMs: 500, rate: 50, users: 2 });
      assert.ok(summary.serverErrors >= 1);
      assert.ok(summary.unexpected >= summary.serverErrors);
      assert.equal(isCleanRun(summary), false);
      assert.match(summary.errors.join('\n'), /HTTP 500, expected/);
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});
