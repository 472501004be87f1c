// A game that hangs: it connects, answers the app's first heartbeat and then goes silent with the socket
// still open, as a game stuck in a loop would. The app closes it (4001, heartbeat failure) once
// HEARTBEAT_MISSED_LIMIT heartbeats go unanswered, which is what moves
// grapevine_socket_heartbeat_disconnects_total; then it comes back and hangs again. A run shorter than
// interval x limit (45 s by default, 15 s in the compose stack) ends before the first disconnect.
import { connectGame, type CloseInfo, type GameSocket } from '../../client/index.js';
import type { RunContext } from '../context.js';
import { sleep } from '../pacer.js';
import { createGame, register, signIn, signOut } from './account.js';

/** Grapevine's close code for a heartbeat failure (app/site/sockets/connection.ts). */
const closeHeartbeatFailure = 4001;

export async function runStallingGame(ctx: RunContext): Promise<void> {
  const person = await register(ctx, 'stalled');
  if (person === undefined || !(await signIn(ctx, person))) return;
  const credentials = await createGame(ctx, person);
  await signOut(ctx, person);
  if (credentials === undefined) return;

  while (!ctx.stop.aborted) {
    if (!(await ctx.pacer.take())) return;
    let game: GameSocket;
    try {
      // No channels: a hung game reads nothing, and broadcasts would only pile up in this process.
      game = await connectGame(ctx.options.baseUrl, { ...credentials, channels: [] });
      ctx.recorder.http('GET /socket upgrade', 101, [101]);
    } catch (error) {
      ctx.recorder.unexpected(`GET /socket upgrade: ${(error as Error).message}`);
      return;
    }
    ctx.recorder.socketOpened('game');
    // The first heartbeat is answered, then no more.
    game.onHeartbeat(() => {
      ctx.recorder.frame('game heartbeat', 'success', 'success');
      game.stopAnsweringHeartbeats();
    });
    try {
      const authenticated = await ctx.frame('game authenticate', 'success', () => game.authenticate());
      if (authenticated?.status !== 'success') return;
      // Stopped first, it says goodbye; the app may have dropped it at that same moment, and then the
      // close carries the app's 4001 and counts like any other drop.
      const closed = (await closedOrStopped(game, ctx.stop)) ?? (await game.close().catch(() => undefined));
      if (closed === undefined || (ctx.stop.aborted && closed.code !== closeHeartbeatFailure)) return;
      if (closed.code === closeHeartbeatFailure) ctx.recorder.count('heartbeatTimeouts');
      else ctx.recorder.unexpected(`stalled game: closed with code ${closed.code}, expected ${closeHeartbeatFailure} (heartbeat failure)`);
    } finally {
      await game.close().catch(() => undefined);
      ctx.recorder.socketClosed('game');
    }
    await sleep(1_000, ctx.stop);
  }
}

/** The socket's close, or undefined as soon as the run stops. */
function closedOrStopped(game: GameSocket, stop: AbortSignal): Promise<CloseInfo | undefined> {
  return new Promise((resolve) => {
    const onStop = () => resolve(undefined);
    if (stop.aborted) return onStop();
    stop.addEventListener('abort', onStop, { once: true });
    void game.closed.then((info) => {
      stop.removeEventListener('abort', onStop);
      resolve(info);
    });
  });
}
