// The games JSON API: create a game (signed in) and list the directory.
import type { Middleware } from 'koa';
import type { AccountState } from '../accounts/current-account.js';
import { readJsonObject } from '../../kernel/http/body.js';
import { HttpError } from '../../kernel/http/http-error.js';
import { toHttpError } from '../http/rejections.js';
import type { SiteRouter } from '../router.js';
import type { GameService } from './service.js';

export function addGameApi(
  router: SiteRouter,
  { games, loadAccount }: { games: GameService; loadAccount: Middleware<AccountState> },
): void {
  router.post('/api/games', loadAccount, async (ctx) => {
    const { account } = ctx.state;
    if (account === undefined) throw new HttpError(401, 'Sign in first (POST /api/sessions), then send the session cookie.');
    const result = games.create(account, await readJsonObject(ctx));
    if (!result.ok) throw toHttpError(result);
    const { game, clientSecret } = result.value;
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = { id: game.id, name: game.name, clientId: game.clientId, clientSecret };
  });

  router.get('/api/games', (ctx) => {
    ctx.body = { games: games.list() };
  });
}
