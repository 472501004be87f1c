// The steps every simulated person with an account shares: register, sign in, sign out, create a game.
import { createGrapevineClient, emailFor, gameName, password, username, type GrapevineClient } from '../../client/index.js';
import type { RunContext } from '../context.js';

export interface Person {
  client: GrapevineClient;
  name: string;
  secret: string;
}

/** Registers a fresh account; undefined when the run stopped or the app refused (recorded). */
export async function register(ctx: RunContext, prefix: string): Promise<Person | undefined> {
  const client = createGrapevineClient(ctx.options.baseUrl);
  const name = username(prefix);
  const secret = password();
  const response = await ctx.http(
    'POST /api/accounts register',
    [201],
    () => client.register({ username: name, email: emailFor(name), password: secret }),
    { hashes: true },
  );
  if (response?.status !== 201) return undefined;
  ctx.recorder.count('registered');
  ctx.accounts.push(name);
  return { client, name, secret };
}

export async function signIn(ctx: RunContext, { client, name, secret }: Person): Promise<boolean> {
  const credentials = { username: name, password: secret };
  const response = await ctx.http('POST /api/sessions sign in', [200], () => client.signIn(credentials), { hashes: true });
  if (response?.status !== 200) return false;
  ctx.recorder.count('signIns');
  return true;
}

/** Not paced: signing out also happens after the run stopped, as a person closing up would. */
export async function signOut(ctx: RunContext, { client }: Person): Promise<void> {
  const response = await ctx.http('DELETE /api/sessions sign out', [204], () => client.signOut(), { paced: false });
  if (response?.status === 204) ctx.recorder.count('signOuts');
}

export interface GameCredentials {
  clientId: string;
  clientSecret: string;
}

export async function createGame(ctx: RunContext, { client }: Person): Promise<GameCredentials | undefined> {
  const response = await ctx.http('POST /api/games create', [201], () => client.createGame({ name: gameName() }));
  const body = response?.body;
  if (response?.status !== 201 || typeof body !== 'object' || body === null || !('clientId' in body)) return undefined;
  ctx.recorder.count('gamesCreated');
  ctx.gameIds.push(body.id);
  return { clientId: body.clientId, clientSecret: body.clientSecret };
}
