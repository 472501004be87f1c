import type { GrapevineClient } from '../../client/index.js';
import type { RunContext } from '../context.js';
import { pick } from '../random.js';

// The app's server-rendered pages a visitor looks at; each answers 200 signed in or out.
const pages = ['/'];

export async function browsePage(ctx: RunContext, client: GrapevineClient): Promise<void> {
  const path = pick(pages) ?? '/';
  await ctx.http(`GET ${path} page`, [200], () => client.request('GET', path, { headers: { accept: 'text/html' } }));
}
