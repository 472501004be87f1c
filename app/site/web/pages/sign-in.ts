import type { Account } from '../../accounts/repository.js';
import { field, formError } from '../forms.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';

export interface SignInForm {
  username?: string;
  error?: string;
  /** Where to go after signing in (a local path). */
  next?: string;
}

export function signInPage(account: Account | undefined, { username, error, next }: SignInForm = {}): string {
  // Refused with the username kept: the password is what to type again.
  const retry = error !== undefined && Boolean(username);
  return renderPage({
    title: 'Sign in',
    account,
    path: '/sign-in',
    main: html`<h1>Sign in</h1>
${formError(error)}
<form method="post" action="/sign-in" class="stacked" novalidate>
${next ? html`<input type="hidden" name="next" value="${next}">` : ''}
${field({ name: 'username', label: 'Username', value: username, autocomplete: 'username', autofocus: !retry })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', autofocus: retry })}
<button type="submit">Sign in</button>
</form>
<p>New here? <a href="/register">Create an account</a>.</p>`,
  });
}
