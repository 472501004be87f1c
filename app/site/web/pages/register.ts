import type { Account } from '../../accounts/repository.js';
import { EMAIL_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from '../../accounts/rules.js';
import { field, formError } from '../forms.js';
import { html } from '../../../kernel/web/html.js';
import { renderPage } from '../layout.js';

export interface RegisterForm {
  values?: { username?: string; email?: string };
  fields?: Readonly<Record<string, string>>;
  /** A problem not tied to one field. */
  error?: string;
}

export function registerPage(account: Account | undefined, form: RegisterForm = {}): string {
  const { values = {}, fields = {}, error } = form;
  // After a rejected submit the cursor lands on the first field to fix, whose error is read out with it.
  const focus = ['username', 'email', 'password'].find((name) => fields[name] !== undefined) ?? 'username';
  return renderPage({
    title: 'Register',
    account,
    path: '/register',
    main: html`<h1>Create an account</h1>
${formError(error)}
<form method="post" action="/register" class="stacked" novalidate>
${field({ name: 'username', label: 'Username', value: values.username, error: fields.username, autocomplete: 'username', maxlength: USERNAME_MAX, autofocus: focus === 'username', hint: `${USERNAME_MIN} to ${USERNAME_MAX} letters, digits, _ or -.` })}
${field({ name: 'email', label: 'Email', type: 'email', value: values.email, error: fields.email, autocomplete: 'email', maxlength: EMAIL_MAX, autofocus: focus === 'email' })}
${field({ name: 'password', label: 'Password', type: 'password', error: fields.password, autocomplete: 'new-password', autofocus: focus === 'password', hint: `At least ${PASSWORD_MIN} characters, mixing letters with digits or symbols.` })}
<button type="submit">Register</button>
</form>
<p>Already have an account? <a href="/sign-in">Sign in</a>.</p>`,
  });
}
