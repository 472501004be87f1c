// The accounts JSON API: register, sign in (a session cookie), sign out, sign out everywhere.
import { readJsonObject } from '../../kernel/http/body.js';
import { HttpError } from '../../kernel/http/http-error.js';
import { toHttpError } from '../http/rejections.js';
import type { SiteRouter } from '../router.js';
import type { AccountService } from './service.js';
import type { SessionCookie } from './session-cookie.js';

export function addAccountApi(
  router: SiteRouter,
  { accounts, sessionCookie }: { accounts: AccountService; sessionCookie: SessionCookie },
): void {
  router.post('/api/accounts', async (ctx) => {
    const result = await accounts.register(await readJsonObject(ctx), { address: ctx.ip });
    if (!result.ok) throw toHttpError(result);
    ctx.status = 201;
    ctx.body = { id: result.value.id, username: result.value.username };
  });

  router.post('/api/sessions', async (ctx) => {
    const result = await accounts.signIn(await readJsonObject(ctx), { address: ctx.ip });
    if (!result.ok) throw toHttpError(result);
    sessionCookie.set(ctx, result.value.token);
    ctx.body = { id: result.value.account.id, username: result.value.account.username };
  });

  // Sign out everywhere: every session of the signed-in account, this one included.
  router.delete('/api/sessions/all', (ctx) => {
    const token = sessionCookie.read(ctx.get('cookie') || undefined);
    if (token === undefined) throw new HttpError(401, 'Sign in first: there is no session to end.');
    const ended = accounts.signOutEverywhere(token);
    if (ended === 0) throw new HttpError(401, 'Your session has already ended; sign in again.');
    sessionCookie.clear(ctx);
    ctx.body = { ended };
  });

  router.delete('/api/sessions', (ctx) => {
    const token = sessionCookie.read(ctx.get('cookie') || undefined);
    if (token !== undefined) accounts.signOut(token);
    sessionCookie.clear(ctx);
    ctx.status = 204;
  });
}
