import { setMaxListeners } from 'node:events';
import { networkCause } from '../client/errors.js';
import { createGrapevineClient, GrapevineNetworkError } from '../client/index.js';
import { assertFaultRoutes } from './actors/faults.js';
import { runGameOwner } from './actors/game-owner.js';
import { runProber } from './actors/prober.js';
import { runStallingGame } from './actors/stalling-game.js';
import { runVisitor } from './actors/visitor.js';
import { createRunContext, type RunContext } from './context.js';
import { resolveOptions, type TrafficOptions } from './options.js';
import { createPacer, sleep } from './pacer.js';
import { createRecorder, type Summary } from './recorder.js';

export type RunTrafficInput = Partial<TrafficOptions> & Pick<TrafficOptions, 'baseUrl'>;

/**
 * Runs simulated players and visitors against the app at `baseUrl` until `durationMs` passes,
 * `maxRequests` operations were made or `signal` aborts; then closes every socket, signs everyone out
 * and resolves with what happened. Throws only for bad options, an app that cannot be reached at all, or
 * (with `faults`) an app without its demo fault routes.
 */
export async function runTraffic(input: RunTrafficInput): Promise<Summary> {
  const options = resolveOptions(input);
  await assertReachable(options.baseUrl);
  if (options.faults) await assertFaultRoutes(createGrapevineClient(options.baseUrl, { timeoutMs: 5_000 }));

  const stopper = new AbortController();
  // Every waiting person listens on this one signal; dozens of listeners are the design, not a leak.
  setMaxListeners(Infinity, stopper.signal);
  const stop = () => stopper.abort();
  const deadline = setTimeout(stop, options.durationMs);
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();

  const recorder = createRecorder();
  const pacer = createPacer(options.rate, stopper, options.maxRequests);
  const ctx = createRunContext({ options, pacer, recorder, stop: stopper.signal });
  const started = performance.now();
  const progress = options.onProgress && setInterval(() => report(ctx, started), options.progressIntervalMs ?? 1_000);

  try {
    await Promise.all(people(options).map(({ role, startAfterMs }) => startPerson(ctx, role, startAfterMs)));
  } finally {
    clearTimeout(deadline);
    clearInterval(progress);
    options.signal?.removeEventListener('abort', stop);
  }
  const durationMs = Math.round(performance.now() - started);
  if (options.onProgress) report(ctx, started);
  return recorder.summary({ baseUrl: options.baseUrl, durationMs, aborted: options.signal?.aborted === true });
}

type Role = 'gameOwner' | 'visitor' | 'prober' | 'stallingGame';
const roles: Record<Role, (ctx: RunContext) => Promise<void>> = {
  gameOwner: runGameOwner,
  visitor: runVisitor,
  prober: runProber,
  stallingGame: runStallingGame,
};

/**
 * Who takes part and when they arrive: every fourth person owns a game, the rest visit; they arrive
 * spread over the first third of the run so registrations keep coming, not all in the first second.
 * One prober per ten people sends the 404s and bad input from the start, and one more game hangs
 * (see stalling-game.ts).
 */
function people(options: Pick<TrafficOptions, 'users' | 'durationMs'>): { role: Role; startAfterMs: number }[] {
  const spacing = options.durationMs / 3 / options.users;
  const cast: { role: Role; startAfterMs: number }[] = [];
  for (let i = 0; i < options.users; i++) {
    cast.push({ role: i % 4 === 0 ? 'gameOwner' : 'visitor', startAfterMs: Math.round(i * spacing) });
  }
  for (let i = 0; i < Math.max(1, Math.round(options.users / 10)); i++) cast.push({ role: 'prober', startAfterMs: 0 });
  cast.push({ role: 'stallingGame', startAfterMs: 0 });
  return cast;
}

async function startPerson(ctx: RunContext, role: Role, startAfterMs: number): Promise<void> {
  await sleep(startAfterMs, ctx.stop);
  if (ctx.stop.aborted) return;
  try {
    await roles[role](ctx);
  } catch (error) {
    // Actors record what they expect to fail; anything thrown is a bug worth seeing in the summary.
    ctx.recorder.unexpected(`${role}: ${(error as Error).stack ?? String(error)}`);
  }
}

function report(ctx: RunContext, started: number): void {
  const { game, web } = ctx.recorder.openSockets();
  const { unexpected, messagesSent } = ctx.recorder.snapshot();
  ctx.options.onProgress?.({
    elapsedMs: performance.now() - started,
    durationMs: ctx.options.durationMs,
    operations: ctx.recorder.operations(),
    unexpected,
    gamesOnline: game,
    webClientsOpen: web,
    messagesSent,
    frameReplies: ctx.recorder.frameReplies(),
  });
}

/** One liveness request first, so an app that is not running is one clear error, not thousands. */
async function assertReachable(baseUrl: string): Promise<void> {
  try {
    await createGrapevineClient(baseUrl, { timeoutMs: 5_000 }).health('live');
  } catch (error) {
    if (error instanceof GrapevineNetworkError) {
      throw new GrapevineNetworkError(
        `cannot reach the app at ${baseUrl} (${networkCause(error.cause)}). ` +
          'Start it first (npm start, or docker compose up --wait) or pass --base-url.',
        { cause: error },
      );
    }
    throw error;
  }
}
