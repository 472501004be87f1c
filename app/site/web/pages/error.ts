import type { Account } from '../../accounts/repository.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';

export function errorPage(account: Account | undefined, status: number, message: string, path: string): string {
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'That did not work';
  return renderPage({
    title,
    account,
    path,
    main: html`<h1>${title}</h1>
<p>${message}</p>
<p><a href="/">Back to the home page</a></p>`,
  });
}
