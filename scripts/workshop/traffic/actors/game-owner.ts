// A game's developer: registers, creates the game, and keeps it connected over the game socket for the
// whole run, heartbeating with its player list, signing players in and out and relaying their chat.
import { connectGame, username, type GameSocket } from '../../client/index.js';
import type { RunContext } from '../context.js';
import { chatLine, pick, pickWeighted } from '../random.js';
import { createGame, register, signIn, signOut } from './account.js';

const maxPlayers = 6;

export async function runGameOwner(ctx: RunContext): Promise<void> {
  const person = await register(ctx, 'dev');
  if (person === undefined || !(await signIn(ctx, person))) return;
  try {
    const credentials = await createGame(ctx, person);
    if (credentials === undefined) return;
    await playGame(ctx, () => connectGame(ctx.options.baseUrl, { ...credentials, channels: [ctx.options.channel] }));
  } finally {
    await signOut(ctx, person);
  }
}

async function playGame(ctx: RunContext, connect: () => Promise<GameSocket>): Promise<void> {
  const { recorder, stop, options } = ctx;
  if (!(await ctx.pacer.take())) return;
  let game: GameSocket;
  try {
    game = await connect();
    recorder.http('GET /socket upgrade', 101, [101]);
  } catch (error) {
    recorder.unexpected(`GET /socket upgrade: ${(error as Error).message}`);
    return;
  }
  recorder.socketOpened('game');
  const players: string[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const authenticated = await ctx.frame('game authenticate', 'success', () => game.authenticate());
    if (authenticated?.status !== 'success') return;
    // Heartbeats are not paced: at a low --rate behind many people a paced one could come too late
    // and the app would rightly disconnect the game.
    heartbeat = setInterval(() => {
      if (game.isOpen()) void ctx.frame('game heartbeat', 'success', () => game.heartbeat([...players]), { paced: false });
    }, options.heartbeatIntervalMs);
    await ctx.frame('game heartbeat', 'success', () => game.heartbeat([]), { paced: false });
    // One event this protocol does not know, as a game speaking a newer protocol would send: the app
    // answers failure, counts it in grapevine_socket_unknown_events_total and keeps the socket open.
    await ctx.frame('game unknown event', 'failure', () => game.request('games/status', {}));

    let extraChannel = false;
    while (!stop.aborted && game.isOpen()) {
      const action = pickWeighted({
        chat: 5,
        signIn: players.length < maxPlayers ? 1 : 0,
        signOut: players.length > 1 ? 0.6 : 0,
        channel: 0.3,
        unknown: 0.1,
      });
      if (action === 'chat') {
        const speaker = pick(players) ?? 'narrator';
        const sent = await ctx.frame('game channels/send', 'success', () => game.send(options.channel, speaker, chatLine()));
        if (sent?.status === 'success') recorder.count('messagesSent');
      } else if (action === 'signIn') {
        const player = username('p');
        const reply = await ctx.frame('game players/sign-in', 'success', () => game.signInPlayer(player));
        if (reply?.status === 'success') players.push(player);
      } else if (action === 'signOut') {
        const player = players.shift()!;
        await ctx.frame('game players/sign-out', 'success', () => game.signOutPlayer(player));
      } else if (action === 'channel') {
        // A second channel joined and left, as games do when players tune in and out.
        const event = extraChannel ? 'unsubscribe' : 'subscribe';
        const reply = await ctx.frame(`game channels/${event}`, 'success', () => game[event]('testing'));
        if (reply?.status === 'success') extraChannel = !extraChannel;
      } else {
        await ctx.frame('game unknown event', 'failure', () => game.request('tells/send', { to: 'someone', message: 'hi' }));
      }
      recorder.count('messagesReceived', game.takeBroadcasts().length);
    }
    if (!game.isOpen() && !stop.aborted) recorder.unexpected('game socket: the app closed the socket during the run');
  } finally {
    clearInterval(heartbeat);
    await game.close().catch(() => undefined);
    recorder.socketClosed('game');
  }
}
