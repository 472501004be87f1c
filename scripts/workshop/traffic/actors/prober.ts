// The rest of the internet: crawlers hitting paths that do not exist, health checks, and clients
// sending bad input. Every answer here is an expected 4xx (or 200), never a 5xx: that is the app's
// promise. The one exception is asked for: --faults adds the app's deliberate 500s (faults.ts).
import {
  connectGame,
  createGrapevineClient,
  emailFor,
  GrapevineSocketError,
  openWebClient,
  username,
  type GameSocket,
  type GrapevineClient,
} from '../../client/index.js';
import type { RunContext } from '../context.js';
import { pick, pickWeighted, unmatchedPath } from '../random.js';
import { createFaultSchedule } from './faults.js';
import { browseMissing, browsePage } from './pages.js';

/**
 * Failed attempts of one kind the probers make against one account in a run: half the app's per-account
 * throttle (SIGN_IN_FAILURES_PER_ACCOUNT and REGISTER_FAILURES_PER_ACCOUNT, 10 in 5 minutes), so a
 * long or slow run never gets that person's own sign-in refused with a 429.
 */
export const PROBES_PER_ACCOUNT = 5;

/** An account this kind of probe may still target, counted as targeted; undefined when every one has had its share. */
function probeTarget(ctx: RunContext, kind: 'wrong password' | 'duplicate'): string | undefined {
  const open = ctx.accounts.filter((name) => (ctx.probed.get(`${kind}:${name}`) ?? 0) < PROBES_PER_ACCOUNT);
  const target = pick(open);
  if (target !== undefined) ctx.probed.set(`${kind}:${target}`, (ctx.probed.get(`${kind}:${target}`) ?? 0) + 1);
  return target;
}

export async function runProber(ctx: RunContext): Promise<void> {
  const client = createGrapevineClient(ctx.options.baseUrl);
  // Every probe once first, so even a run of a few seconds moves each status and failure counter;
  // then at random, weighted towards what the internet mostly sends: paths that do not exist.
  for (const probe of Object.keys(probes) as Probe[]) {
    if (ctx.stop.aborted) return;
    if ((probe === 'duplicate' || probe === 'wrongPassword') && ctx.accounts.length === 0) continue;
    await probes[probe](ctx, client);
  }
  const nextFault = createFaultSchedule(ctx);
  while (!ctx.stop.aborted) {
    const fault = nextFault();
    if (fault !== undefined) {
      await fault(ctx, client);
      continue;
    }
    const probe = pickWeighted<Probe>({
      notFound: 4,
      health: 1,
      page: 1,
      missingPage: 0.5,
      games: 1,
      invalid: 0.5,
      duplicate: ctx.accounts.length > 0 ? 0.4 : 0,
      wrongPassword: ctx.accounts.length > 0 ? 0.4 : 0,
      malformed: 0.3,
      mediaType: 0.2,
      gameSignedOut: 0.3,
      badGameCredentials: 0.3,
      webSignedOut: 0.2,
    });
    await probes[probe](ctx, client);
  }
}

type Probe =
  | 'notFound'
  | 'health'
  | 'page'
  | 'missingPage'
  | 'games'
  | 'invalid'
  | 'duplicate'
  | 'wrongPassword'
  | 'malformed'
  | 'mediaType'
  | 'gameSignedOut'
  | 'webSignedOut'
  | 'badGameCredentials';

const probes: Record<Probe, (ctx: RunContext, client: GrapevineClient) => Promise<unknown>> = {
  notFound: (ctx, client) => ctx.http('GET unmatched path', [404], () => client.request('GET', unmatchedPath())),
  health: (ctx, client) => {
    const probe = pick(['live', 'ready'] as const)!;
    return ctx.http(`GET /health/${probe}`, [200], () => client.health(probe));
  },
  page: (ctx, client) => browsePage(ctx, client, false),
  missingPage: (ctx, client) => browseMissing(ctx, client),
  games: (ctx, client) => ctx.http('GET /api/games list', [200], () => client.listGames()),
  invalid: (ctx, client) =>
    ctx.http('POST /api/accounts invalid username', [400], () =>
      client.register({ username: 'no spaces allowed!', email: 'someone@example.test', password: 'Grapevine-password-1' }),
    ),
  // Usernames are unique case-insensitively, so the upper-cased name of an account must conflict.
  duplicate: (ctx, client) => {
    const target = probeTarget(ctx, 'duplicate');
    if (target === undefined) return probes.notFound(ctx, client);
    const taken = target.toUpperCase();
    return ctx.http('POST /api/accounts duplicate', [409], () =>
      client.register({ username: taken, email: emailFor(username()), password: 'Grapevine-password-1' }),
    );
  },
  wrongPassword: (ctx, client) => {
    const target = probeTarget(ctx, 'wrong password');
    if (target === undefined) return probes.notFound(ctx, client);
    return ctx.http(
      'POST /api/sessions wrong password',
      [401],
      // Not queued behind the people's password slots: probers are few and one request at a time each.
      () => client.signIn({ username: target, password: 'not-the-password-1' }),
    );
  },
  malformed: (ctx, client) =>
    ctx.http('POST /api/accounts malformed JSON', [400], () =>
      client.request('POST', '/api/accounts', { body: '{"username": ', headers: { 'content-type': 'application/json' } }),
    ),
  mediaType: (ctx, client) =>
    ctx.http('POST /api/accounts not JSON', [415], () =>
      client.request('POST', '/api/accounts', { body: 'username=x', headers: { 'content-type': 'text/plain' } }),
    ),
  gameSignedOut: (ctx, client) => ctx.http('POST /api/games signed out', [401], () => client.createGame({ name: 'No Session' })),
  webSignedOut,
  badGameCredentials,
};

/** A game with wrong credentials: the app answers failure, closes with 4000 (authentication failed) and counts a failed connect. */
async function badGameCredentials(ctx: RunContext): Promise<void> {
  if (!(await ctx.pacer.take())) return;
  const { recorder } = ctx;
  let game: GameSocket;
  try {
    game = await connectGame(ctx.options.baseUrl, { clientId: 'no-such-game', clientSecret: 'wrong', channels: [] });
    recorder.http('GET /socket upgrade', 101, [101]);
  } catch (error) {
    recorder.unexpected(`GET /socket upgrade: ${(error as Error).message}`);
    return;
  }
  try {
    const reply = await ctx.frame('game authenticate (bad credentials)', 'failure', () => game.authenticate());
    if (reply?.status !== 'failure') return;
    const closed = await within(game.closed, 2_000);
    if (closed?.code === 4000) recorder.rejectedAsExpected();
    else recorder.unexpected(`game authenticate (bad credentials): expected close code 4000, got ${closed ? closed.code : 'no close'}`);
  } finally {
    await game.close();
  }
}

/** The web client socket without a session: the upgrade must be refused with 401. */
async function webSignedOut(ctx: RunContext): Promise<void> {
  if (!(await ctx.pacer.take())) return;
  try {
    const web = await openWebClient(ctx.options.baseUrl, undefined);
    ctx.recorder.http('GET /socket/web signed out', 101, [401]);
    await web.close();
  } catch (error) {
    const status = error instanceof GrapevineSocketError ? error.status : undefined;
    if (status !== undefined) {
      if (ctx.recorder.http('GET /socket/web signed out', status, [401])) ctx.recorder.rejectedAsExpected();
    } else {
      ctx.recorder.unexpected(`GET /socket/web signed out: ${(error as Error).message}`);
    }
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
