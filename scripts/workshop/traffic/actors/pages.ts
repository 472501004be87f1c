import type { GrapevineClient } from '../../client/index.js';
import type { RunContext } from '../context.js';
import { pick } from '../random.js';

// The app's server-rendered pages (app/site/web/routes.ts) and what each answers: signed in, /chat is the
// page; signed out it sends the person to sign in (303). A game that does not exist is a 404 on the
// `/games/:id` route, which keeps the route label a template.
const signedInPages = ['/', '/games', '/chat', '/static/style.css'];
const signedOutPages = ['/', '/games', '/register', '/sign-in', '/static/style.css'];

export async function browsePage(ctx: RunContext, client: GrapevineClient, signedIn: boolean): Promise<void> {
  const gameId = pick(ctx.gameIds);
  if (gameId !== undefined && Math.random() < 0.25) {
    await ctx.http('GET /games/:id page', [200], () => getPage(client, `/games/${gameId}`));
    return;
  }
  const path = pick(signedIn ? signedInPages : signedOutPages) ?? '/';
  await ctx.http(`GET ${path} page`, [200], () => getPage(client, path));
}

export async function browseMissing(ctx: RunContext, client: GrapevineClient): Promise<void> {
  if (Math.random() < 0.5) {
    await ctx.http('GET /chat signed out', [303], () => getPage(client, '/chat'));
  } else {
    await ctx.http('GET /games/:id no such game', [404], () => getPage(client, `/games/${900_000_000 + Math.floor(Math.random() * 1000)}`));
  }
}

function getPage(client: GrapevineClient, path: string) {
  return client.request('GET', path, { headers: { accept: 'text/html' } });
}
