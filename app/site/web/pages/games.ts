import type { Account } from '../../accounts/repository.js';
import { GAME_NAME_MAX } from '../../games/rules.js';
import type { GameListing } from '../../games/service.js';
import { field } from '../forms.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';

export interface GameForm {
  name?: string;
  error?: string;
}

export function gamesPage(account: Account | undefined, games: GameListing[], form: GameForm = {}): string {
  return renderPage({
    title: 'Games',
    account,
    path: '/games',
    main: html`<h1>Games</h1>
${
  games.length === 0
    ? html`<p>No games yet.${account ? ' Add the first one below.' : ''}</p>`
    : html`<ul class="games">${games.map(
        (game) => html`<li><a href="/games/${game.id}">${game.name}</a> ${status(game.online, game.players)}</li>`,
      )}</ul>`
}
<section>
<h2>Add a game</h2>
${
  account
    ? html`<form method="post" action="/games" class="stacked" novalidate>
${field({ name: 'name', label: 'Game name', value: form.name, error: form.error, maxlength: GAME_NAME_MAX, autofocus: form.error !== undefined })}
<button type="submit">Add game</button>
</form>`
    : html`<p><a href="/sign-in?next=/games">Sign in</a> to add your game and get its socket credentials.</p>`
}
</section>`,
  });
}

export function status(online: boolean, players: number) {
  if (!online) return html`<span class="badge offline">offline</span>`;
  return html`<span class="badge online">online · ${players} player${players === 1 ? '' : 's'}</span>`;
}
