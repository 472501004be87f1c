// Benchmark: what the bus between app replicas costs a chat line. Two site processes on one data
// directory, joined by a real Valkey (compose.yaml's image and command, on a loopback port), as
// `--scale app=2` runs them. A web client on replica A hears lines from a game on A (within one
// replica: delivered in-process, the bus not in the way) and from a game on B (across: through
// Valkey), alternating, one line at a time; each line's time is from `channels/send` to the
// broadcast arriving. The socket rate limits are lifted for the run (they would pace it at 10 a second).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createValkeyBus } from '../../app/kernel/bus/valkey-bus.js';
import { createLogger } from '../../app/kernel/logging/logger.js';
import { startSiteProcess, type SiteProcess } from '../../app/site/process.js';
import { composeService } from '../stack/compose.js';
import { docker } from '../stack/docker.js';
import { waitFor } from '../stack/wait.js';
import { connectGame, createGrapevineClient, expectStatus, gameName, openWebClient, password, username } from '../workshop/client/index.js';
import { fixed, table, type BenchReport } from './report.js';
import { quantile } from './stats.js';

export interface ChatLatencyOptions {
  /** Lines measured per path (within, across), alternating. */
  messages: number;
  progress: (line: string) => void;
}

export const chatLatencyDefaults = { messages: 500 } as const;

export function expectedChatLatencySeconds(options: Pick<ChatLatencyOptions, 'messages'>): number {
  return 15 + options.messages / 100;
}

const silent = createLogger(() => undefined);

async function startValkey(): Promise<{ url: string; stop(): Promise<void> }> {
  const { image, command } = await composeService('valkey');
  const id = await docker(['run', '--detach', '--rm', '--publish', '127.0.0.1::6379', image, ...command]);
  const published = (await docker(['port', id, '6379'])).split('\n')[0];
  return { url: `redis://${published}`, stop: async () => void (await docker(['rm', '--force', id])) };
}

async function startReplica(dataDir: string, busUrl: string): Promise<SiteProcess> {
  return startSiteProcess({
    config: {
      host: '127.0.0.1',
      port: 0,
      metricsPort: 0,
      databaseFile: path.join(dataDir, 'grapevine.sqlite'),
      sessionSecret: 'chat-latency-bench-secret-long-enough',
      heartbeatIntervalSeconds: 15,
      heartbeatMissedLimit: 3,
      socketLimits: { messagesPerSecond: 100_000, messageBurst: 100_000 },
    },
    log: silent,
    bus: createValkeyBus({ url: busUrl, log: silent }),
  });
}

export async function runChatLatencyBench({ messages, progress }: ChatLatencyOptions): Promise<BenchReport> {
  const valkey = await startValkey();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'grapevine-chat-bench-'));
  const replicas: SiteProcess[] = [];
  try {
    const a = await startReplica(dataDir, valkey.url);
    replicas.push(a);
    const b = await startReplica(dataDir, valkey.url);
    replicas.push(b);
    for (const replica of replicas) {
      await waitFor(async () => (replica.services.bus.status().connected ? true : undefined), { what: 'the bus', timeoutMs: 20_000 });
    }
    const client = createGrapevineClient(a.siteUrl);
    const name = username();
    const secret = password();
    expectStatus(await client.register({ username: name, email: `${name}@example.test`, password: secret }), 201, 'registering');
    expectStatus(await client.signIn({ username: name, password: secret }), 200, 'signing in');
    const games = { within: a, across: b };
    const sockets = await Promise.all(
      Object.values(games).map(async (replica) => {
        const created = expectStatus(await client.createGame({ name: gameName() }), 201, 'creating a game');
        const game = await connectGame(replica.siteUrl, { ...created, channels: ['bench'] });
        const reply = await game.authenticate();
        if (reply.status !== 'success') throw new Error(`the bench's game could not authenticate: ${JSON.stringify(reply)}`);
        return game;
      }),
    );
    const [withinGame, acrossGame] = sockets;
    const web = await openWebClient(a.siteUrl, client.cookie());
    await web.subscribe('bench');

    const times = { within: [] as number[], across: [] as number[] };
    const measure = async (game: typeof withinGame, into: number[], line: number) => {
      const started = performance.now();
      await game.send('bench', 'Bencher', `line ${line}`);
      for (;;) {
        const heard = await web.nextBroadcast(10_000);
        if (heard.message === `line ${line}`) break;
      }
      into.push(performance.now() - started);
    };
    // A warm-up line each way, not counted.
    await measure(withinGame, [], -1);
    await measure(acrossGame, [], -2);
    for (let line = 0; line < messages; line += 1) {
      await measure(withinGame, times.within, line * 2);
      await measure(acrossGame, times.across, line * 2 + 1);
      if ((line + 1) % 100 === 0) progress(`chat-latency: ${line + 1}/${messages} lines each way`);
    }
    await web.close();
    await Promise.all(sockets.map((socket) => socket.close()));

    const row = (what: string, values: number[]) => [
      what,
      fixed(quantile(values, 0.5), 2),
      fixed(quantile(values, 0.99), 2),
      fixed(Math.max(...values), 2),
    ];
    const p50 = { within: quantile(times.within, 0.5), across: quantile(times.across, 0.5) };
    return {
      title: 'Chat latency across app replicas (the bus)',
      command: `npm run bench -- chat-latency --messages ${messages}`,
      markdown: [
        table(
          ['path', 'p50 ms', 'p99 ms', 'max ms'],
          [
            row('within one replica (game and web client on A)', times.within),
            row('across replicas (game on B, web client on A, through Valkey)', times.across),
          ],
        ),
        '',
        `${messages} lines each way, alternating. The bus adds ${fixed(p50.across - p50.within, 2)} ms at the median ` +
          `(${fixed(p50.across / p50.within, 2)}x). Times include the sender's reply (the line is relayed before the reply is sent).`,
      ].join('\n'),
      goals: [],
    };
  } finally {
    for (const replica of replicas.reverse()) await replica.close().catch(() => undefined);
    await valkey.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}
