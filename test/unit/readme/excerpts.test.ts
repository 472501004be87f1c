// The README's code excerpts are the real code: each block marked `<!-- excerpt: FILE -->` must
// appear in FILE, line by line and in order (lines compared trimmed; blank lines and elision lines
// such as `// ...` or `# ...` skipped), so an edit to the code that the README quotes fails here
// until the README is updated with it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { markedBlocks, readRepoFile, REPO_ROOT } from './markdown.js';

const ELISION = /^(\.\.\.|…|(#|\/\/)\s*\.\.\.)$/;

const readme = readRepoFile('README.md');
const excerpts = markedBlocks(readme, 'excerpt');

describe('README excerpts', () => {
  test('the walkthrough quotes code from every step', () => {
    // A floor, so deleting the markers cannot make this suite pass vacuously.
    assert.ok(excerpts.length >= 10, `expected at least 10 marked excerpts, found ${excerpts.length}`);
  });

  for (const { argument: file, line, body } of excerpts) {
    test(`README.md:${line} matches ${file}`, () => {
      assert.ok(existsSync(path.join(REPO_ROOT, file)), `README.md:${line} quotes ${file}, which does not exist`);
      const source = readRepoFile(file)
        .split('\n')
        .map((text) => text.trim());
      const quoted = body.map((text) => text.trim()).filter((text) => text !== '' && !ELISION.test(text));
      assert.ok(quoted.length >= 2, `README.md:${line}: an excerpt of ${file} should quote at least two lines`);

      let from = 0;
      for (const text of quoted) {
        const at = source.indexOf(text, from);
        assert.notEqual(
          at,
          -1,
          source.includes(text)
            ? `README.md:${line}: "${text}" is in ${file}, but not after the excerpt's previous line (${file}:${from}): the order changed`
            : `README.md:${line}: "${text}" is not in ${file} any more: update the excerpt`,
        );
        from = at + 1;
      }
    });
  }
});
