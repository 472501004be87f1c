// `npm run kubernetes`: writes kubernetes/ from the files compose uses (render.ts says which), and
// removes files there that nothing renders any more. Commit the result; `npm run check:config`
// fails while it is stale.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAND_WRITTEN, KUBERNETES_DIR, renderKubernetes } from './render.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = path.join(root, KUBERNETES_DIR);

const rendered = await renderKubernetes(root);
await mkdir(outDir, { recursive: true });
for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = path.relative(outDir, path.join(entry.parentPath, entry.name));
  if (HAND_WRITTEN.has(file) || rendered.has(file)) continue;
  await rm(path.join(outDir, file));
  console.log(`removed   ${KUBERNETES_DIR}/${file}`);
}
for (const [file, content] of rendered) {
  await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
  await writeFile(path.join(outDir, file), content);
  console.log(`rendered  ${KUBERNETES_DIR}/${file}`);
}
