// A copy of the project's config tree in a temp dir, to break on purpose and check.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../scripts/config-checks/index.js';

// What the checks read. node_modules is linked, not copied: the dashboards check imports the
// copy's grafana/src, whose imports resolve through it (and the SLO dashboard's through scripts/slo).
const COPIED = [
  'package.json',
  'prometheus',
  'alertmanager',
  'grafana',
  'scripts/slo',
  'versions.env',
  'compose.yaml',
  'compose.ha.yaml',
  'Dockerfile',
  '.nvmrc',
  'kubernetes',
];

export interface TreeCopy {
  root: string;
  /** Replaces `from` by `to` in one file; fails the test if `from` is not there. */
  edit(file: string, from: string, to: string): Promise<void>;
  remove(): Promise<void>;
}

export async function copyConfigTree(): Promise<TreeCopy> {
  const root = await mkdtemp(path.join(tmpdir(), 'grapevine-config-'));
  // verbatimSymlinks: prometheus/slo-rules/30d holds relative links, which must stay relative.
  for (const entry of COPIED) {
    await mkdir(path.dirname(path.join(root, entry)), { recursive: true });
    await cp(path.join(PROJECT_ROOT, entry), path.join(root, entry), { recursive: true, verbatimSymlinks: true });
  }
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return {
    root,
    async edit(file, from, to) {
      const target = path.join(root, file);
      const text = await readFile(target, 'utf8');
      assert.ok(text.includes(from), `${file} does not contain ${JSON.stringify(from)}: the test would break nothing`);
      await writeFile(target, text.replace(from, to));
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
