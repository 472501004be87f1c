import type { Account } from '../../accounts/repository.js';
import type { GameListing } from '../../games/service.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';

export function homePage(account: Account | undefined, games: GameListing[]): string {
  const online = games.filter((game) => game.online).length;
  return renderPage({
    title: 'Home',
    account,
    path: '/',
    main: html`<h1>Grapevine</h1>
<p class="lead">A small community site for text-based games (MUDs): a directory of games, a socket games connect to,
and a chat shared by games and people on the web.</p>
<p><strong>${games.length}</strong> game${games.length === 1 ? '' : 's'} listed, <strong>${online}</strong> online now.</p>
<ul class="actions">
${
  account
    ? html`<li><a class="button" href="/chat">Open the web chat</a></li><li><a href="/games">Browse games or add yours</a></li>`
    : html`<li><a class="button" href="/register">Create an account</a></li><li><a href="/sign-in">Sign in</a></li>
<li><a href="/games">Browse the games</a></li>`
}
</ul>
<section>
<h2>What to watch</h2>
<p>Registering, signing in and out, games connecting and chat messages each move a metric. Prometheus scrapes
them from this app's separate metrics port (<code>/metrics</code> on <code>METRICS_PORT</code>, 4101 by default), and
registering a new account fires the <code>NewUserRegistered</code> alert.</p>
</section>`,
  });
}
