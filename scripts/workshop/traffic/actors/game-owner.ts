// A game's developer: registers, creates the game, and keeps it connected over the game socket for the
// whole run, answering the app's heartbeats with its player list, signing players in and out, relaying
// their chat, telling players of other games, and asking for other games' status. It learns the other
// games and their players from the app's players/sign-in, players/sign-out and games/disconnect notices.
import { connectGame, username, type Frame, type GameSocket } from '../../client/index.js';
import type { RunContext } from '../context.js';
import { createSocketPacer } from '../pacer.js';
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

async function playGame(outer: RunContext, connect: () => Promise<GameSocket>): Promise<void> {
  // Every frame of this socket goes through its own pacer too.
  const lane = createSocketPacer(outer.stop);
  const ctx: RunContext = {
    ...outer,
    frame: (kind, expected, call, how = {}) => outer.frame(kind, expected, call, { ...how, socket: lane }),
  };
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
  // Other games' players as the notices tell it: game name -> players online.
  const others = new Map<string, Set<string>>();
  const track = (frame: Frame) => {
    const { game: name, name: player } = (frame.payload ?? {}) as { game?: unknown; name?: unknown };
    if (typeof name !== 'string') return;
    if (frame.event === 'games/disconnect') return void others.delete(name);
    const online = others.get(name) ?? new Set<string>();
    others.set(name, online);
    if (typeof player !== 'string') return;
    if (frame.event === 'players/sign-in') online.add(player);
    else if (frame.event === 'players/sign-out') online.delete(player);
  };
  // Heartbeats are answered by the client as the app sends them, unpaced: a paced answer could come
  // too late at a low --rate and the app would rightly drop the game. Each answer is counted as a frame.
  game.onHeartbeat(() => recorder.frame('game heartbeat', 'success', 'success'));
  try {
    const authenticated = await ctx.frame('game authenticate', 'success', () => game.authenticate());
    if (authenticated?.status !== 'success') return;
    // One event this protocol does not know, as a game speaking a newer protocol would send: the app
    // answers failure, counts it in grapevine_socket_unknown_events_total and keeps the socket open.
    await ctx.frame('game unknown event', 'failure', () => game.request('weather/forecast', {}));

    let extraChannel = false;
    while (!stop.aborted && game.isOpen()) {
      for (const notice of takeNotices(game)) track(notice);
      const targets = [...others].flatMap(([name, online]) => [...online].map((player) => ({ game: name, player })));
      const action = pickWeighted({
        chat: 5,
        signIn: players.length < maxPlayers ? 1 : 0,
        signOut: players.length > 1 ? 0.6 : 0,
        channel: 0.3,
        tell: players.length > 0 && targets.length > 0 ? 0.8 : 0,
        status: others.size > 0 ? 0.3 : 0,
        unknown: 0.1,
      });
      if (action === 'chat') {
        const speaker = pick(players) ?? 'narrator';
        const sent = await ctx.frame('game channels/send', 'success', () => game.send(options.channel, speaker, chatLine()));
        if (sent?.status === 'success') recorder.count('messagesSent');
      } else if (action === 'signIn') {
        // Listed before the frame goes, so a heartbeat answered meanwhile does not sign the player back out.
        const player = username('p');
        players.push(player);
        game.setPlayers(players);
        const reply = await ctx.frame('game players/sign-in', 'success', () => game.signInPlayer(player));
        if (reply?.status !== 'success') {
          players.splice(players.indexOf(player), 1);
          game.setPlayers(players);
        }
      } else if (action === 'signOut') {
        // Unlisted only after the reply, so a heartbeat answered meanwhile cannot sign the player out unannounced.
        const player = players[0];
        const reply = await ctx.frame('game players/sign-out', 'success', () => game.signOutPlayer(player));
        if (reply?.status === 'success') {
          players.shift();
          game.setPlayers(players);
        }
      } else if (action === 'tell') {
        const target = pick(targets)!;
        const reply = await ctx.frame(
          'game tells/send',
          'success',
          () => game.tell(pick(players)!, target.game, target.player, chatLine()),
          {
            expectFailure: (failed) => {
              // The player signed out (or the game left) while the tell was on its way: the notice came first.
              for (const notice of takeNotices(game)) track(notice);
              return (
                ['receiving player offline', 'game offline'].includes(failed.error ?? '') && !others.get(target.game)?.has(target.player)
              );
            },
          },
        );
        if (reply?.status === 'success') recorder.count('tellsSent');
      } else if (action === 'status') {
        const name = pick([...others.keys()])!;
        await ctx.frame('game games/status', 'success', () => game.gameStatus(name));
        await ctx.frame('game players/status', 'success', () => game.playersStatus(name), {
          expectFailure: (failed) => {
            for (const notice of takeNotices(game)) track(notice);
            return failed.error === 'unknown game' && !others.has(name);
          },
        });
      } else if (action === 'channel') {
        // A second channel joined and left, as games do when players tune in and out.
        const event = extraChannel ? 'unsubscribe' : 'subscribe';
        const reply = await ctx.frame(`game channels/${event}`, 'success', () => game[event]('testing'));
        if (reply?.status === 'success') extraChannel = !extraChannel;
      } else {
        await ctx.frame('game unknown event', 'failure', () => game.request('weather/forecast', { region: 'north' }));
      }
      recorder.count('messagesReceived', game.takeBroadcasts().length);
      recorder.count('tellsReceived', game.takeNotices(['tells/receive']).length);
    }
    if (!game.isOpen() && !stop.aborted) recorder.unexpected('game socket: the app closed the socket during the run');
  } finally {
    await game.close().catch(() => undefined);
    recorder.socketClosed('game');
  }
}

/** The notices queued so far that say who is online elsewhere, in the order they came. */
function takeNotices(game: GameSocket): Frame[] {
  return game.takeNotices(['players/sign-in', 'players/sign-out', 'games/disconnect', 'games/connect']);
}
