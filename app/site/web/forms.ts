// Form fields that show their error next to them and keep what was typed.
import { html, type Html } from '../../kernel/web/html.js';

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  autofocus?: boolean;
}

export function field(options: FieldOptions): Html {
  const { name, label, type = 'text', value, error, hint, autocomplete, required = true, maxlength, autofocus } = options;
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${label}</label>
  ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
  <input id="${id}" name="${name}" type="${type}"${value !== undefined && type !== 'password' ? html` value="${value}"` : ''}${
    autocomplete ? html` autocomplete="${autocomplete}"` : ''
  }${required ? html` required` : ''}${maxlength ? html` maxlength="${maxlength}"` : ''}${autofocus ? html` autofocus` : ''}${
    described ? html` aria-describedby="${described}"` : ''
  }${error ? html` aria-invalid="true"` : ''}>
  ${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

/** A message for the whole form (e.g. wrong credentials), announced to screen readers. */
export function formError(message: string | undefined): Html {
  return message ? html`<p class="form-error" role="alert">${message}</p>` : html``;
}
