// Presence snapshots between replicas: each sees the others' games, the view empties when a replica
// stops publishing or says goodbye, and every online game is counted by exactly one replica.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createInProcessBusHub } from '../../../../app/kernel/bus/in-process-bus.js';
import type { Clock } from '../../../../app/kernel/clock.js';
import { createPresenceExchange, type GameSummary, type PresenceExchange } from '../../../../app/site/replicas/presence-exchange.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 60));

function game(id: number, players: string[] = []): GameSummary {
  return { id, name: `Game${id}`, supports: ['channels'], channels: [], players };
}

function replicas(...ids: string[]) {
  const hub = createInProcessBusHub();
  let now = 0;
  const clock: Clock = { now: () => new Date(now) };
  const local = new Map<string, GameSummary[]>(ids.map((id) => [id, []]));
  const exchanges = new Map<string, PresenceExchange>();
  for (const id of ids) {
    const bus = hub.connect(id);
    exchanges.set(id, createPresenceExchange({ bus, clock, localSnapshot: () => ({ games: local.get(id) ?? [] }), intervalMs: 1000 }));
  }
  return {
    exchange: (id: string) => exchanges.get(id)!,
    setGames(id: string, games: GameSummary[]) {
      local.set(id, games);
      exchanges.get(id)!.localChanged();
    },
    advance: (ms: number) => void (now += ms),
    close: () => exchanges.forEach((exchange) => exchange.close()),
  };
}

describe('presence exchange between replicas', () => {
  test('a game online on one replica is seen by the others, with its players', async () => {
    const site = replicas('a', 'b', 'c');
    try {
      site.setGames('a', [game(1, ['Ada'])]);
      await settle();
      assert.deepEqual(site.exchange('b').remoteGames(), [game(1, ['Ada'])]);
      assert.deepEqual(site.exchange('c').remoteGames(), [game(1, ['Ada'])]);
      assert.deepEqual(site.exchange('a').remoteGames(), [], 'a replica does not see its own games as remote');
      assert.deepEqual(site.exchange('b').replicas().sort(), ['a', 'c']);
    } finally {
      site.close();
    }
  });

  test('a replica that stops publishing drops out of view after three intervals', async () => {
    const site = replicas('a', 'b');
    try {
      site.setGames('a', [game(1)]);
      await settle();
      site.exchange('a').close();
      await settle();
      // close() says goodbye; a killed replica cannot, so test the expiry with a fresh pair.
      assert.deepEqual(site.exchange('b').remoteGames(), []);
    } finally {
      site.close();
    }
    const killed = replicas('a', 'b');
    try {
      killed.setGames('a', [game(2)]);
      await settle();
      killed.advance(2999);
      assert.equal(killed.exchange('b').remoteGames().length, 1, 'still in view within its lifetime');
      killed.advance(2);
      assert.deepEqual(killed.exchange('b').remoteGames(), [], 'gone once its snapshot is older than three intervals');
    } finally {
      killed.close();
    }
  });

  test('a game on several replicas is counted by exactly one of them', async () => {
    const site = replicas('b', 'a', 'c');
    try {
      site.setGames('a', [game(1), game(2)]);
      site.setGames('b', [game(1)]);
      site.setGames('c', [game(2), game(3)]);
      await settle();
      const counters = (gameId: number) => ['a', 'b', 'c'].filter((id) => site.exchange(id).counts(gameId));
      // Only the replicas that have a game are asked about it by the gauge; the lowest id among them counts it.
      const holders: Record<number, string[]> = { 1: ['a', 'b'], 2: ['a', 'c'], 3: ['c'] };
      for (const [gameId, have] of Object.entries(holders)) {
        assert.deepEqual(
          counters(Number(gameId)).filter((id) => have.includes(id)),
          [have.sort()[0]],
        );
      }
    } finally {
      site.close();
    }
  });

  test('a replica that joins late asks for the others snapshots and sees them at once', async () => {
    const hub = createInProcessBusHub();
    const clock: Clock = { now: () => new Date(0) };
    const first = createPresenceExchange({ bus: hub.connect('a'), clock, localSnapshot: () => ({ games: [game(7)] }), intervalMs: 60_000 });
    await settle();
    const late = createPresenceExchange({ bus: hub.connect('b'), clock, localSnapshot: () => ({ games: [] }), intervalMs: 60_000 });
    try {
      await settle();
      assert.deepEqual(late.remoteGames(), [game(7)], 'well before the next one-minute snapshot');
    } finally {
      first.close();
      late.close();
    }
  });
});
