// A person in a browser: registers once, then over and over signs in, holds the web client open
// for a while chatting on the channel, looks at a page or the games list, and signs out.
import { openWebClient, type GrapevineClient, type WebClient } from '../../client/index.js';
import type { RunContext } from '../context.js';
import { createSocketPacer, sleep } from '../pacer.js';
import { between, chatLine, pickWeighted } from '../random.js';
import { register, signIn, signOut } from './account.js';
import { browsePage } from './pages.js';

export async function runVisitor(ctx: RunContext): Promise<void> {
  const person = await register(ctx, 'visitor');
  if (person === undefined) return;
  while (!ctx.stop.aborted) {
    if (!(await signIn(ctx, person))) return;
    await chatSession(ctx, person.client);
    if (!ctx.stop.aborted) await browsePage(ctx, person.client, true);
    await signOut(ctx, person);
    await sleep(between(300, 1_500), ctx.stop);
  }
}

/** Opens the web client, chats for 3-10 s (or until the run stops), and closes it. */
async function chatSession(ctx: RunContext, client: GrapevineClient): Promise<void> {
  const { recorder, stop, options } = ctx;
  if (!(await ctx.pacer.take())) return;
  let web: WebClient;
  try {
    web = await openWebClient(options.baseUrl, client.cookie());
    recorder.http('GET /socket/web upgrade', 101, [101]);
  } catch (error) {
    recorder.unexpected(`GET /socket/web upgrade: ${(error as Error).message}`);
    return;
  }
  recorder.socketOpened('web');
  const socket = createSocketPacer(stop);
  try {
    const subscribed = await ctx.frame('web channels/subscribe', 'success', () => web.subscribe(options.channel), { socket });
    const endsAt = performance.now() + between(3_000, 10_000);
    while (subscribed?.status === 'success' && !stop.aborted && performance.now() < endsAt && web.isOpen()) {
      // Chat is about half of what a visitor does: at the default rate the channels carry about
      // 5 messages a second, well under ChatFlood's 10; `--rate 60` floods them on purpose.
      const action = pickWeighted({ chat: 1, games: 1, wait: 1 });
      if (action === 'chat') {
        const sent = await ctx.frame('web channels/send', 'success', () => web.send(options.channel, chatLine()), { socket });
        if (sent?.status === 'success') recorder.count('messagesSent');
      } else if (action === 'games') {
        await ctx.http('GET /api/games list', [200], () => client.listGames());
      } else {
        await sleep(between(100, 500), stop);
      }
      recorder.count('messagesReceived', web.takeBroadcasts().length);
    }
    if (web.isOpen() === false && !stop.aborted) recorder.unexpected('web client: the app closed the socket during a chat session');
  } finally {
    await web.close().catch(() => undefined);
    recorder.socketClosed('web');
  }
}
