// The frame every page shares: header with navigation, main content, one stylesheet.
import type { Account } from '../accounts/repository.js';
import { html, type Html } from '../../kernel/web/html.js';

export interface PageOptions {
  title: string;
  account: Account | undefined;
  /** The path of the page, to mark the current navigation link. */
  path: string;
  main: Html;
  /** Scripts from /static, loaded as modules (never inline, so the CSP can forbid inline script). */
  scripts?: string[];
}

// Inline, so the browser's automatic /favicon.ico request (a 404, and a console error) never happens;
// the CSP allows data: images.
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cg fill='%235b3b8c'%3E" +
  "%3Ccircle cx='5' cy='6' r='3'/%3E%3Ccircle cx='11' cy='6' r='3'/%3E%3Ccircle cx='8' cy='11.5' r='3'/%3E%3C/g%3E%3C/svg%3E";

export function renderPage({ title, account, path, main, scripts = [] }: PageOptions): string {
  const link = (href: string, label: string) => html`<a href="${href}"${path === href ? html` aria-current="page"` : ''}>${label}</a>`;
  // Signed-in state and its actions stay together, so on a phone they wrap as one line of the nav.
  const session = account
    ? html`<div class="session"><span class="signed-in">Signed in as <strong>${account.username}</strong></span> <a href="/sessions">Sessions</a>
      <form method="post" action="/sign-out" class="inline"><button type="submit" class="link">Sign out</button></form></div>`
    : html`<div class="session">${link('/sign-in', 'Sign in')} ${link('/register', 'Register')}</div>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Grapevine</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="${FAVICON}">
${scripts.map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar">
    <a class="brand" href="/">Grapevine</a>
    <nav aria-label="Main">${link('/games', 'Games')} ${link('/chat', 'Chat')}
      ${session}
    </nav>
  </div>
</header>
<main id="main">
${main}
</main>
<footer class="site-footer">A demo app of Grapevine Observatory: every click here moves a metric.</footer>
</body>
</html>
`.value;
}
