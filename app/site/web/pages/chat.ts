import type { Account } from '../../accounts/repository.js';
import { CHANNEL_PATTERN, MESSAGE_MAX } from '../../sockets/protocol.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';

export const DEFAULT_CHANNEL = 'gossip';

export function chatPage(account: Account): string {
  return renderPage({
    title: 'Chat',
    account,
    path: '/chat',
    scripts: ['/static/chat.js'],
    main: html`<h1>Chat</h1>
<p>Messages on a channel reach every game and web client subscribed to it. This page is a web client:
while it is open it counts in <code>grapevine_web_clients_open</code>.</p>
<noscript><p class="form-error">The chat needs JavaScript: it talks to Grapevine over a WebSocket.</p></noscript>
<div id="chat" class="chat" data-channel="${DEFAULT_CHANNEL}">
  <form id="channel-form" class="row-form">
    <label for="channel">Channel</label>
    <div class="input-row">
      <input id="channel" name="channel" value="${DEFAULT_CHANNEL}" pattern="${CHANNEL_PATTERN.source.slice(1, -1)}" required>
      <button type="submit" class="secondary">Join</button>
    </div>
  </form>
  <p id="chat-status" class="chat-status" role="status">Connecting…</p>
  <ol id="messages" class="messages" aria-live="polite" aria-label="Messages"></ol>
  <form id="message-form" class="row-form">
    <label for="message">Message</label>
    <div class="input-row">
      <input id="message" name="message" maxlength="${MESSAGE_MAX}" autocomplete="off" required disabled>
      <button type="submit" disabled>Send</button>
    </div>
  </form>
</div>`,
  });
}
