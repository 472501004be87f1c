// Finds the signed-in account for a request, once, for the routes that care.
import type { Middleware } from 'koa';
import type { Account } from './repository.js';
import type { AccountService } from './service.js';
import type { SessionCookie } from './session-cookie.js';

export interface AccountState {
  /** The signed-in account, when the request carries a valid session cookie. */
  account?: Account;
  /** The session token behind `account`, for signing out. */
  sessionToken?: string;
}

export function loadAccount(accounts: AccountService, cookie: SessionCookie): Middleware<AccountState> {
  return async function loadSignedInAccount(ctx, next) {
    const token = cookie.read(ctx.get('cookie') || undefined);
    const account = token === undefined ? undefined : accounts.accountForSession(token);
    if (account !== undefined) {
      ctx.state.account = account;
      ctx.state.sessionToken = token;
    }
    await next();
  };
}
