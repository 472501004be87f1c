import type { Account } from '../../accounts/repository.js';
import type { Game } from '../../games/repository.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';
import { status } from './games.js';

export interface GamePageOptions {
  game: Game & { online: boolean; players: number };
  /** Present only right after creation: the secret is not stored and cannot be shown again. */
  clientSecret?: string;
  /** ws://host/socket, for the connection instructions. */
  socketUrl: string;
}

export function gamePage(account: Account | undefined, { game, clientSecret, socketUrl }: GamePageOptions): string {
  const owner = account?.id === game.accountId;
  // Indented, so the frame reads (and copies) whole on a phone instead of scrolling sideways.
  const authenticate = JSON.stringify(
    {
      event: 'authenticate',
      ref: '1',
      payload: {
        client_id: game.clientId,
        client_secret: clientSecret ?? '<your client secret>',
        supports: ['channels', 'players', 'tells', 'games'],
        channels: ['gossip'],
      },
    },
    null,
    2,
  );
  return renderPage({
    title: game.name,
    account,
    path: `/games/${game.id}`,
    main: html`<h1>${game.name} ${status(game.online, game.players)}</h1>
${
  owner
    ? html`<section>
<h2>Connect your game</h2>
${clientSecret ? html`<p class="notice" role="status">Game created. Copy the client secret now: it is shown only once.</p>` : ''}
<dl class="credentials">
<dt>Socket URL</dt><dd><code>${socketUrl}</code></dd>
<dt>Client id</dt><dd><code>${game.clientId}</code></dd>
${clientSecret ? html`<dt>Client secret</dt><dd><code>${clientSecret}</code></dd>` : ''}
</dl>
<p>Open the socket and send this frame first (it is Grapevine's protocol: a Grapevine client works as is). The site then sends <code>{"event": "heartbeat"}</code> every so often; answer each with <code>{"event": "heartbeat", "payload": {"players": [...]}}</code> or the socket is closed (4001):</p>
<pre><code>${authenticate}</code></pre>
</section>`
    : html`<p>Listed since ${game.createdAt.slice(0, 10)}.</p>`
}
<p><a href="/games">All games</a></p>`,
  });
}
