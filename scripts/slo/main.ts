// `npm run slos`: generates the SLO rules and their promtool tests from every spec in
// prometheus/slos (files.ts says where each goes). Commit the result: Prometheus loads the rules,
// and `npm run check:config` fails when they differ from what the specs generate.
import { mkdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config-checks/tools.js';
import { renderSloFiles } from './files.js';
import { SloSpecError } from './spec.js';

try {
  const { files, links } = await renderSloFiles(PROJECT_ROOT);
  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(PROJECT_ROOT, file)), { recursive: true });
    await writeFile(path.join(PROJECT_ROOT, file), content);
    console.log(`generated  ${file}`);
  }
  for (const [link, target] of links) {
    const at = path.join(PROJECT_ROOT, link);
    await mkdir(path.dirname(at), { recursive: true });
    if ((await readlink(at).catch(() => undefined)) !== target) {
      await rm(at, { force: true });
      await symlink(target, at);
    }
    console.log(`linked     ${link} -> ${target}`);
  }
} catch (error) {
  if (!(error instanceof SloSpecError)) throw error;
  console.error(`npm run slos: the spec is wrong:\n${error.message}`);
  process.exitCode = 1;
}
