// What the README points at exists: every repo path it names in backticks, and every #anchor it
// links to. A renamed file or heading fails here instead of leaving a reader at a dead end.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { headingAnchors, inlineCode, markdownLines, readRepoFile, REPO_ROOT } from './markdown.js';

// Paths are checked when they start in one of the project's own folders, or are a root file
// with one of these extensions. Generated or machine-local places (dist/, data/, .env, .tools/,
// test-results/) are not in a fresh clone, so they are not checked.
const PROJECT_FOLDERS = new Set(['app', 'prometheus', 'alertmanager', 'grafana', 'kubernetes', 'scripts', 'test', 'certs', '.ci']);
const ROOT_FILE = /^(Dockerfile|[\w.-]+\.(md|ya?ml|json|ts|sh))$/;
const PATH_LIKE = /^\.?[\w-][\w.-]*(\/[\w.*-]+)*\/?$/;

/** The backticked text, if it is a repo path to check; globs are checked up to their first wildcard. */
function repoPath(code: string): string | undefined {
  if (!PATH_LIKE.test(code)) return undefined;
  const [first = ''] = code.split('/');
  if (code.includes('/') ? !PROJECT_FOLDERS.has(first) : !ROOT_FILE.test(code)) return undefined;
  const wildcard = code.split('/').findIndex((segment) => segment.includes('*'));
  return wildcard === -1 ? code : `${code.split('/').slice(0, wildcard).join('/')}/`;
}

const readme = readRepoFile('README.md');

describe('README references', () => {
  const paths = inlineCode(readme)
    .map(({ code, line }) => ({ code, line, file: repoPath(code) }))
    .filter((found): found is { code: string; line: number; file: string } => found.file !== undefined);

  test('names the files of every step', () => {
    assert.ok(paths.length >= 40, `expected the walkthrough to name many repo files, found ${paths.length}`);
  });

  test('every repo path in backticks exists', () => {
    const missing = paths.filter(({ file }) => {
      const full = path.join(REPO_ROOT, file);
      return !existsSync(full) || (file.endsWith('/') && !statSync(full).isDirectory());
    });
    assert.deepEqual(
      missing.map(({ code, line }) => `README.md:${line}: ${code}`),
      [],
      'the README names paths that do not exist',
    );
  });

  test('every relative link opens a file of the repo', () => {
    const broken = markdownLines(readme)
      .filter((line) => !line.fenced)
      .flatMap((line) => [...line.text.matchAll(/\]\(([^)#:\s]+)(#[^)]*)?\)/g)].map((match) => ({ target: match[1], line: line.number })))
      .filter(({ target }) => !existsSync(path.join(REPO_ROOT, target)));
    assert.deepEqual(
      broken.map(({ target, line }) => `README.md:${line}: ${target}`),
      [],
      'the README links to files that do not exist',
    );
  });

  test('every #anchor link opens a heading', () => {
    const anchors = headingAnchors(readme);
    const broken = markdownLines(readme)
      .filter((line) => !line.fenced)
      .flatMap((line) => [...line.text.matchAll(/\]\(#([^)]+)\)/g)].map((match) => ({ anchor: match[1], line: line.number })))
      .filter(({ anchor }) => !anchors.has(anchor));
    assert.deepEqual(
      broken.map(({ anchor, line }) => `README.md:${line}: #${anchor}`),
      [],
      'the README links to headings that do not exist',
    );
  });
});
