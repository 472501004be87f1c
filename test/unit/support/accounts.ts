// Registering and signing in through the JSON API, for tests that need an account or a game.
import { request, sessionCookieOf } from './http.js';

let counter = 0;

export const PASSWORD = 'Orchard-Ladder-42';

export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${process.pid % 1000}`;
}

export async function registerAndSignIn(base: string, username = uniqueName()): Promise<{ id: number; username: string; cookie: string }> {
  const registered = await request<{ id: number }>(base, 'POST', '/api/accounts', {
    json: { username, email: `${username}@example.test`, password: PASSWORD },
  });
  if (registered.status !== 201) throw new Error(`registration failed: ${registered.status} ${registered.text}`);
  const signedIn = await request(base, 'POST', '/api/sessions', { json: { username, password: PASSWORD } });
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${signedIn.status} ${signedIn.text}`);
  return { id: registered.body.id, username, cookie: sessionCookieOf(signedIn) };
}

export interface CreatedGame {
  id: number;
  name: string;
  clientId: string;
  clientSecret: string;
}

export async function createGame(base: string, cookie: string, name = `Game ${uniqueName('g')}`): Promise<CreatedGame> {
  const created = await request<CreatedGame>(base, 'POST', '/api/games', { json: { name }, cookie });
  if (created.status !== 201) throw new Error(`game creation failed: ${created.status} ${created.text}`);
  return created.body;
}
