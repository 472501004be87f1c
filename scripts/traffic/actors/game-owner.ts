// A game's developer: registers, creates the game, and keeps it connected over the game socket for the
// whole run, heartbeating with its player list, signing players in and out and relaying their chat.
import { connectGame, createGrapevineClient, emailFor, gameName, password, username, type GameSocket } from '../../client/index.js';
import type { RunContext } from '../context.js';
import { chatLine, pick, pickWeighted } from '../random.js';

/** Well under the app's default HEARTBEAT_TIMEOUT_SECONDS (60), and often enough to move the heartbeat panel. */
const heartbeatIntervalMs = 5_000;
const maxPlayers = 6;

export async function runGameOwner(ctx: RunContext): Promise<void> {
  const { recorder, options } = ctx;
  const client = createGrapevineClient(options.baseUrl);
  const name = username('dev');
  const secret = password();

  const registered = await ctx.http('POST /api/accounts register', [201], () =>
    client.register({ username: name, email: emailFor(name), password: secret }),
  );
  if (registered?.status !== 201) return;
  recorder.count('registered');
  ctx.accounts.push(name);
  const signedIn = await ctx.http('POST /api/sessions sign in', [200], () => client.signIn({ username: name, password: secret }));
  if (signedIn?.status !== 200) return;
  recorder.count('signIns');

  try {
    const created = await ctx.http('POST /api/games create', [201], () => client.createGame({ name: gameName() }));
    if (created?.status !== 201 || typeof created.body !== 'object' || created.body === null || !('clientId' in created.body)) return;
    recorder.count('gamesCreated');
    const { clientId, clientSecret } = created.body;
    await playGame(ctx, () => connectGame(options.baseUrl, { clientId, clientSecret, channels: [options.channel] }));
  } finally {
    const signedOut = await ctx.http('DELETE /api/sessions sign out', [204], () => client.signOut(), false);
    if (signedOut?.status === 204) recorder.count('signOuts');
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
      if (game.isOpen()) void ctx.frame('game heartbeat', 'success', () => game.heartbeat([...players]), false);
    }, heartbeatIntervalMs);
    await ctx.frame('game heartbeat', 'success', () => game.heartbeat([]), false);

    let extraChannel = false;
    while (!stop.aborted && game.isOpen()) {
      const action = pickWeighted({
        chat: 5,
        signIn: players.length < maxPlayers ? 1 : 0,
        signOut: players.length > 1 ? 0.6 : 0,
        channel: 0.3,
        unknown: 0.05,
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
        // An event the protocol does not know: the app answers failure, counts it, and keeps the socket.
        await ctx.frame('game unknown event', 'failure', () => game.request('players/dance', { name: 'x' }));
      }
      for (let i = game.takeBroadcasts().length; i > 0; i--) recorder.count('messagesReceived');
    }
    if (!game.isOpen() && !stop.aborted) recorder.unexpected('game socket: the app closed the socket during the run');
  } finally {
    clearInterval(heartbeat);
    await game.close().catch(() => undefined);
    recorder.socketClosed('game');
  }
}
