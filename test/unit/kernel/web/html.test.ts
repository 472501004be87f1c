// Escaping by default is what keeps user input inert on every page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { html, raw } from '../../../../app/kernel/web/html.js';

describe('html``', () => {
  test('escapes interpolated text, including quotes for attributes', () => {
    const name = `<script>alert("x")</script>'&`;
    assert.equal(
      html`<p title="${name}">${name}</p>`.value,
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>',
    );
  });

  test('nests Html without escaping it twice, joins arrays, drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value, '<ul><li>a&lt;b</li><li>c</li></ul>0');
    assert.equal(html`${raw('<br>')}`.value, '<br>');
  });
});
