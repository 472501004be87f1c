// Your sessions: how many browsers are signed in to this account, and a button that ends them all.
import type { Account } from '../../accounts/repository.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';

export function sessionsPage(account: Account, { count }: { count: number }): string {
  return renderPage({
    title: 'Sessions',
    account,
    path: '/sessions',
    main: html`<h1>Sessions</h1>
<p>This account is signed in on <strong>${String(count)}</strong> ${count === 1 ? 'browser' : 'browsers'} (this one included).
Signing in on more than the limit ends the oldest.</p>
<form method="post" action="/sessions/end-all">
  <button type="submit">End every session, this one included</button>
</form>`,
  });
}
