// The frame every page shares: header with navigation, main content, one stylesheet.
import type { Account } from '../accounts/repository.js';
import { html, type Html } from './html.js';

export interface PageOptions {
  title: string;
  account: Account | undefined;
  /** The path of the page, to mark the current navigation link. */
  path: string;
  main: Html;
  /** Scripts from /static, loaded as modules (never inline, so the CSP can forbid inline script). */
  scripts?: string[];
}

export function renderPage({ title, account, path, main, scripts = [] }: PageOptions): string {
  const link = (href: string, label: string) =>
    html`<a href="${href}"${path === href ? html` aria-current="page"` : ''}>${label}</a>`;
  const session = account
    ? html`<span class="signed-in">Signed in as <strong>${account.username}</strong></span>
        <form method="post" action="/sign-out" class="inline"><button type="submit" class="link">Sign out</button></form>`
    : html`${link('/sign-in', 'Sign in')} ${link('/register', 'Register')}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Grapevine</title>
<link rel="stylesheet" href="/static/style.css">
${scripts.map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>
<header class="site-header">
  <a class="brand" href="/">Grapevine</a>
  <nav aria-label="Main">${link('/games', 'Games')} ${link('/chat', 'Chat')} ${session}</nav>
</header>
<main>
${main}
</main>
<footer class="site-footer">A demo app of Grapevine Observatory: every click here moves a metric.</footer>
</body>
</html>
`.value;
}
