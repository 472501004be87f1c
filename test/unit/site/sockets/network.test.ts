// The game network's view of who is online: each game's sockets here and its summaries from other
// replicas merged into one entry, looked up by name (case-insensitively) and by id; one build of
// the list answers every lookup a frame makes, and a lookup by id summarises only that game.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Connection } from '../../../../app/site/sockets/connection.js';
import {
  createGameNetwork,
  type GameSession,
  type Notice,
  type OnlineGame,
  type RemoteGames,
  type Support,
} from '../../../../app/site/sockets/network.js';

interface SocketOptions {
  supports?: Support[];
  channels?: string[];
  players?: string[];
  userAgent?: string;
}

function world(remoteGames: OnlineGame[] = []) {
  const channelsOf = new Map<Connection, string[]>();
  const counts = { channelsOf: 0, remoteGames: 0 };
  const notices: Notice[] = [];
  const remote: RemoteGames = {
    games: () => {
      counts.remoteGames += 1;
      return remoteGames;
    },
    changed: () => undefined,
    notify: (notice) => void notices.push(notice),
    tell: () => undefined,
  };
  const channels = {
    channelsOf: (connection: Connection) => {
      counts.channelsOf += 1;
      return channelsOf.get(connection) ?? [];
    },
  };
  const network = createGameNetwork(channels, remote);
  const socket = (id: number, name: string, { supports = ['channels'], channels = [], players = [], userAgent }: SocketOptions = {}) => {
    const connection: Connection = { reply: () => undefined, push: () => undefined, close: () => undefined, deliver: () => undefined };
    channelsOf.set(connection, channels);
    const session: GameSession = {
      game: { id, name, accountId: 1, clientId: `client-${id}`, createdAt: '2026-01-01T00:00:00Z' },
      supports: new Set(supports),
      userAgent,
      connection,
      players: new Set(players),
    };
    network.join(session);
    return session;
  };
  return { network, socket, counts, notices };
}

const summary = (id: number, name: string, fields: Partial<OnlineGame> = {}): OnlineGame => ({
  id,
  name,
  supports: ['channels'],
  channels: [],
  players: [],
  ...fields,
});

describe('game network', () => {
  test("each online game is one entry: its sockets here and other replicas' summaries united, this replica's games first", () => {
    const remote = [
      summary(3, 'Third Age', { players: ['Eve'] }),
      summary(1, 'Elder Realms', { supports: ['channels', 'games'], channels: ['ooc'], players: ['Cy', 'Ann'], userAgent: 'Remote 1' }),
      summary(3, 'Third Age', { players: ['Fay'], userAgent: 'Remote 3' }),
    ];
    const { network, socket } = world(remote);
    socket(1, 'Elder Realms', { supports: ['channels', 'players'], channels: ['gossip'], players: ['Ann'] });
    socket(2, 'Second Sun', { userAgent: 'Sun 2' });
    socket(1, 'Elder Realms', { supports: ['channels', 'tells'], channels: ['chat', 'gossip'], players: ['Bo'], userAgent: 'Local 1' });

    assert.deepEqual(network.onlineGames().list, [
      {
        id: 1,
        name: 'Elder Realms',
        supports: ['channels', 'games', 'players', 'tells'],
        channels: ['chat', 'gossip', 'ooc'],
        userAgent: 'Local 1',
        players: ['Ann', 'Bo', 'Cy'],
      },
      summary(2, 'Second Sun', { userAgent: 'Sun 2' }),
      summary(3, 'Third Age', { players: ['Eve', 'Fay'], userAgent: 'Remote 3' }),
    ]);
    assert.deepEqual(remote[1].players, ['Cy', 'Ann'], "the other replicas' snapshots are not changed by the merge");
  });

  test('a game is found by name in any case; of two named alike but for non-ASCII case, the first online', () => {
    const { network, socket } = world([summary(5, 'élan', { players: ['Remote'] })]);
    socket(4, 'Élan', { players: ['Local'] });
    const online = network.onlineGames();
    assert.equal(online.named('ÉLAN')?.id, 4);
    assert.equal(online.named('élan')?.id, 4);
    assert.deepEqual(online.named('élan'), online.list[0]);
    assert.equal(online.named('Nowhere'), undefined);
  });

  test('one build of the online games answers every lookup made in it', () => {
    const { network, socket, counts } = world([summary(3, 'Third Age')]);
    socket(1, 'Elder Realms');
    socket(2, 'Second Sun');
    counts.channelsOf = 0;
    counts.remoteGames = 0;
    const online = network.onlineGames();
    for (const name of ['Elder Realms', 'second sun', 'THIRD AGE', 'Nowhere', 'elder realms']) online.named(name);
    assert.deepEqual(counts, { channelsOf: 2, remoteGames: 1 });
  });

  test('a game looked up by id is the one the list holds, summarised from its own sockets only', () => {
    const { network, socket, counts } = world([
      summary(1, 'Elder Realms', { channels: ['ooc'], players: ['Cy'] }),
      summary(3, 'Third Age', { players: ['Eve'] }),
    ]);
    socket(1, 'Elder Realms', { channels: ['gossip'], players: ['Ann'] });
    socket(2, 'Second Sun');
    socket(1, 'Elder Realms', { players: ['Bo'], userAgent: 'Local 1' });
    const list = network.onlineGames().list;

    counts.channelsOf = 0;
    assert.deepEqual(
      network.onlineGameById(1),
      list.find((game) => game.id === 1),
    );
    assert.equal(counts.channelsOf, 2, "only Elder Realms' two sockets are summarised");
    assert.deepEqual(
      network.onlineGameById(3),
      list.find((game) => game.id === 3),
    );
    assert.equal(network.onlineGameById(99), undefined);
  });

  test("games/connect and games/disconnect are announced for a game's first and last socket on the whole site", () => {
    const { network, socket, notices } = world([summary(3, 'Third Age')]);
    const announced = () => notices.map(({ event, payload }) => `${event} ${String(payload.game)}`);
    const first = socket(1, 'Elder Realms');
    const second = socket(1, 'Elder Realms');
    const elsewhere = socket(3, 'Third Age');
    assert.deepEqual(announced(), ['games/connect Elder Realms'], 'a second socket, or a game online on another replica, is no news');
    network.leave(first);
    network.leave(elsewhere);
    assert.deepEqual(announced(), ['games/connect Elder Realms']);
    network.leave(second);
    assert.deepEqual(announced(), ['games/connect Elder Realms', 'games/disconnect Elder Realms']);
  });
});
