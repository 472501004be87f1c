// POST /api/games and GET /api/games: who may create, what names are accepted, the socket
// credentials handed out, and the directory's online flags.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerAndSignIn } from '../../support/accounts.js';
import { request } from '../../support/http.js';
import { startTestSite, type TestSite } from '../../support/site.js';
import { eventually, openSocket, wsUrl } from '../../support/sockets.js';

describe('games API', () => {
  let site: TestSite;
  let cookie: string;
  before(async () => {
    site = await startTestSite();
    ({ cookie } = await registerAndSignIn(site.url));
  });
  after(() => site.close());

  const create = (body: unknown) => request(site.url, 'POST', '/api/games', { json: body, cookie });

  test('the games counter exists at 0 and the directory starts empty', async () => {
    assert.equal(await site.metric('grapevine_games_create_total'), 0);
    assert.equal(await site.metric('grapevine_games_online'), 0);
    assert.deepEqual((await request(site.url, 'GET', '/api/games')).body, { games: [] });
  });

  test('creating a game without signing in is 401 and writes nothing', async () => {
    const response = await request(site.url, 'POST', '/api/games', { json: { name: 'Anonymous MUD' } });
    assert.equal(response.status, 401);
    assert.equal(response.body.error, 'Sign in first (POST /api/sessions), then send the session cookie.');
    assert.equal(site.rows('games'), 0);
    assert.equal(await site.metric('grapevine_games_create_total'), 0);
  });

  test('a signed-in user creates a game: 201 with id and socket credentials, counted, secret stored hashed', async () => {
    const response = await create({ name: '  Lost   Souls  ' });
    assert.equal(response.status, 201);
    const body = response.body as { id: number; name: string; clientId: string; clientSecret: string };
    assert.equal(body.name, 'Lost Souls');
    assert.match(body.clientId, /^[0-9a-f-]{36}$/);
    assert.ok(body.clientSecret.length >= 40);
    assert.equal(await site.metric('grapevine_games_create_total'), 1);
    const stored = site.db.prepare('SELECT client_secret_hash FROM games WHERE id = ?').pluck().get(body.id) as string;
    assert.notEqual(stored, body.clientSecret);
    assert.deepEqual((await request(site.url, 'GET', '/api/games')).body, {
      games: [{ id: body.id, name: 'Lost Souls', online: false, players: 0 }],
    });
  });

  const refusals: Array<[string, unknown, number, string]> = [
    [
      'the web chat’s reserved name',
      { name: 'Grapevine' },
      400,
      'The name "Grapevine" is reserved: the site\'s own web chat goes by it. Choose another name.',
    ],
    [
      'the reserved name in another case and spelling',
      { name: 'grape-VINE' },
      400,
      'The name "grape-VINE" is reserved: the site\'s own web chat goes by it. Choose another name.',
    ],
    ['an empty name', { name: '' }, 400, 'Game name is required.'],
    ['a blank name', { name: '   ' }, 400, 'Game name is required.'],
    ['a missing name', {}, 400, 'Game name is required.'],
    ['a name that is not text', { name: 42 }, 400, 'Game name must be text.'],
    ['a two-character name', { name: 'Ab' }, 400, 'Game name must be between 3 and 40 characters long.'],
    ['an overlong name', { name: 'A'.repeat(41) }, 400, 'Game name must be between 3 and 40 characters long.'],
    [
      'a name with markup',
      { name: '<b>Bold</b>' },
      400,
      "Game name must start with a letter or digit and may contain letters, digits, spaces and ' & : . ! -",
    ],
    ['a duplicate name in another case', { name: 'LOST SOULS' }, 409, 'A game with that name already exists.'],
  ];
  for (const [name, body, status, error] of refusals) {
    test(`refuses ${name} with ${status}, writing nothing`, async () => {
      const games = site.rows('games');
      const created = await site.metric('grapevine_games_create_total');
      const response = await create(body);
      assert.equal(response.status, status);
      assert.equal(response.body.error, error);
      assert.equal(site.rows('games'), games);
      assert.equal(await site.metric('grapevine_games_create_total'), created);
    });
  }

  test('refuses malformed JSON and wrong content types, writing nothing', async () => {
    const games = site.rows('games');
    const malformed = await request(site.url, 'POST', '/api/games', {
      body: '{"name"',
      headers: { 'content-type': 'application/json' },
      cookie,
    });
    assert.equal(malformed.status, 400);
    const text = await request(site.url, 'POST', '/api/games', { body: 'name=x', headers: { 'content-type': 'text/plain' }, cookie });
    assert.equal(text.status, 415);
    assert.equal(site.rows('games'), games);
  });

  test('the directory shows a game online, with its players, while a socket is authenticated', async () => {
    const created = (await create({ name: 'Aardwolf' })).body as { id: number; clientId: string; clientSecret: string };
    type Listing = { id: number; online: boolean; players: number };
    const listing = async () =>
      ((await request(site.url, 'GET', '/api/games')).body as { games: Listing[] }).games.find((game) => game.id === created.id);
    const connect = async () => {
      const socket = await openSocket(wsUrl(site.url, '/socket'));
      socket.send({
        event: 'authenticate',
        payload: { client_id: created.clientId, client_secret: created.clientSecret, supports: ['channels', 'players'] },
      });
      assert.equal((await socket.reply()).status, 'success');
      return socket;
    };
    const say = async (socket: Awaited<ReturnType<typeof connect>>, event: string, payload: unknown) => {
      socket.send({ event, ref: 'r', payload });
      assert.equal((await socket.reply()).status, 'success');
    };
    // Heartbeats are never answered: the players they carry show in the directory a moment later.
    const beat = async (socket: Awaited<ReturnType<typeof connect>>, players: string[], expected: number) => {
      socket.send({ event: 'heartbeat', payload: { players } });
      await eventually(async () => (await listing())?.players === expected, `${expected} players listed`);
    };

    const first = await connect();
    assert.deepEqual(await listing(), { id: created.id, name: 'Aardwolf', online: true, players: 0 });
    assert.equal(await site.metric('grapevine_games_online'), 1);
    await beat(first, ['Ann', 'Bo'], 2);
    await say(first, 'players/sign-in', { name: 'Cy' });
    assert.equal((await listing())?.players, 3);
    // A second socket of the same game: one game online, players counted once each.
    const second = await connect();
    await beat(second, ['Bo', 'Dee'], 4);
    assert.equal(await site.metric('grapevine_games_online'), 1);
    assert.equal(await site.metric('grapevine_sockets_connected'), 2);
    await say(first, 'players/sign-out', { name: 'Ann' });
    assert.equal((await listing())?.players, 3);

    await first.close();
    await eventually(async () => (await listing())?.players === 2, "the first socket's players to leave");
    assert.equal((await listing())?.online, true);
    await second.close();
    await eventually(async () => (await listing())?.online === false, 'the game to go offline');
    assert.equal((await listing())?.players, 0);
    assert.equal(await site.metric('grapevine_games_online'), 0);
  });
});
