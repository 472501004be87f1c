// The site's HTML pages. Forms post urlencoded bodies; a rejected form comes back with its
// messages beside the fields and what was typed kept (passwords excepted: never echoed back).
import type { Context, Middleware, Next } from 'koa';
import type { AccountState } from '../accounts/current-account.js';
import type { AccountService } from '../accounts/service.js';
import type { SessionCookie } from '../accounts/session-cookie.js';
import type { GameService } from '../games/service.js';
import { readForm } from '../../kernel/http/body.js';
import { HttpError } from '../../kernel/http/http-error.js';
import { isSameOrigin } from '../http/same-origin.js';
import { retryHeaders, statusOf } from '../http/rejections.js';
import type { SiteRouter } from '../router.js';
import { chatPage } from './pages/chat.js';
import { gamePage } from './pages/game.js';
import { gamesPage } from './pages/games.js';
import { homePage } from './pages/home.js';
import { registerPage } from './pages/register.js';
import { sessionsPage } from './pages/sessions.js';
import { signInPage } from './pages/sign-in.js';
import { setPageHeaders } from './page-headers.js';
import { serveStatic, type StaticAsset } from './static.js';

export interface PageDeps {
  accounts: AccountService;
  games: GameService;
  sessionCookie: SessionCookie;
  loadAccount: Middleware<AccountState>;
  assets: Map<string, StaticAsset>;
  /** PUBLIC_ORIGIN: absolute URLs (the game page's socket URL) start here; unset, they are relative. */
  publicOrigin?: string;
}

type PageContext = Context & { state: AccountState };

export function addPages(router: SiteRouter, { accounts, games, sessionCookie, loadAccount, assets, publicOrigin }: PageDeps): void {
  const socketUrl = socketUrlFor(publicOrigin);
  const page = (ctx: PageContext, body: string, status = 200): void => {
    setPageHeaders(ctx, publicOrigin);
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = body;
  };
  // SameSite=Lax already keeps the session cookie off other sites' posts; this refuses them outright.
  const sameOrigin = async (ctx: Context, next: Next): Promise<void> => {
    if (!isSameOrigin(ctx.get('origin') || undefined, ctx.host)) throw new HttpError(403, 'Forms may only be posted from this site.');
    await next();
  };

  router.get('/static/:file', serveStatic(assets));

  router.get('/', loadAccount, (ctx) => page(ctx, homePage(ctx.state.account, games.list())));

  router.get('/register', loadAccount, (ctx) => page(ctx, registerPage(ctx.state.account)));
  router.post('/register', sameOrigin, loadAccount, async (ctx) => {
    const form = await readForm(ctx);
    const input = { username: form.get('username') ?? '', email: form.get('email') ?? '', password: form.get('password') ?? '' };
    const result = await accounts.register(input, { address: ctx.ip });
    if (!result.ok) {
      ctx.set(retryHeaders(result) ?? {});
      const values = { username: input.username, email: input.email };
      return page(
        ctx,
        registerPage(ctx.state.account, { values, fields: result.fields, error: result.fields ? undefined : result.message }),
        statusOf(result),
      );
    }
    // Registering through the site signs you in, as Grapevine does.
    sessionCookie.set(ctx, accounts.startSession(result.value).token);
    seeOther(ctx, '/');
  });

  router.get('/sign-in', loadAccount, (ctx) => page(ctx, signInPage(ctx.state.account, { next: localPath(ctx.query.next) })));
  router.post('/sign-in', sameOrigin, loadAccount, async (ctx) => {
    const form = await readForm(ctx);
    const username = form.get('username') ?? '';
    const next = localPath(form.get('next'));
    const result = await accounts.signIn({ username, password: form.get('password') ?? '' }, { address: ctx.ip });
    if (!result.ok) ctx.set(retryHeaders(result) ?? {});
    if (!result.ok) return page(ctx, signInPage(ctx.state.account, { username, error: result.message, next }), statusOf(result));
    sessionCookie.set(ctx, result.value.token);
    seeOther(ctx, next ?? '/');
  });

  router.post('/sign-out', sameOrigin, (ctx) => {
    const token = sessionCookie.read(ctx.get('cookie') || undefined);
    if (token !== undefined) accounts.signOut(token);
    sessionCookie.clear(ctx);
    seeOther(ctx, '/');
  });

  router.get('/sessions', loadAccount, (ctx) => {
    const { account } = ctx.state;
    if (account === undefined) {
      seeOther(ctx, '/sign-in?next=/sessions');
      return;
    }
    page(ctx, sessionsPage(account, { count: accounts.sessionCount(account) }));
  });
  // Every session of the account, this one included: a lost phone or a shared computer.
  router.post('/sessions/end-all', sameOrigin, (ctx) => {
    const token = sessionCookie.read(ctx.get('cookie') || undefined);
    if (token !== undefined) accounts.signOutEverywhere(token);
    sessionCookie.clear(ctx);
    seeOther(ctx, '/');
  });

  router.get('/games', loadAccount, (ctx) => page(ctx, gamesPage(ctx.state.account, games.list())));
  router.post('/games', sameOrigin, loadAccount, async (ctx) => {
    const { account } = ctx.state;
    if (account === undefined) {
      seeOther(ctx, '/sign-in?next=/games');
      return;
    }
    const form = await readForm(ctx);
    const name = form.get('name') ?? '';
    const result = games.create(account, { name });
    if (!result.ok) return page(ctx, gamesPage(account, games.list(), { name, error: result.message }), statusOf(result));
    const { game, clientSecret } = result.value;
    // Rendered, not redirected: the secret exists only in this response, which no cache may keep.
    page(ctx, gamePage(account, { game: { ...game, online: false, players: 0 }, clientSecret, socketUrl }), 201);
    ctx.set('cache-control', 'no-store');
  });

  router.get('/games/:id', loadAccount, (ctx) => {
    const id = /^\d{1,15}$/.test(ctx.params.id) ? Number(ctx.params.id) : undefined;
    const game = id === undefined ? undefined : games.find(id);
    if (game === undefined) throw new HttpError(404, 'There is no such game.');
    page(ctx, gamePage(ctx.state.account, { game, socketUrl }));
  });

  router.get('/chat', loadAccount, (ctx) => {
    const { account } = ctx.state;
    if (account === undefined) {
      seeOther(ctx, '/sign-in?next=/chat');
      return;
    }
    page(ctx, chatPage(account));
  });
}

// 303: after a form post the browser follows with a GET, so a reload does not post again.
function seeOther(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

/** Only same-site paths, so a crafted link cannot bounce a signed-in user to another site. */
function localPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : undefined;
}

/**
 * The game socket's URL: absolute from PUBLIC_ORIGIN, else the path on this site. Never built from
 * the request's Host header, which the client chooses.
 */
export function socketUrlFor(publicOrigin: string | undefined): string {
  return publicOrigin === undefined ? '/socket' : `${publicOrigin.replace(/^http/, 'ws')}/socket`;
}
