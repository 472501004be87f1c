// `npm run dashboards`: renders every dashboard of dashboards.ts into grafana/dashboards/.
// Commit the result: Grafana loads those files, and `npm run check:config` fails when they
// are stale. Files there that no dashboard renders any more are removed.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDashboards } from './dashboards.js';

const outDir = fileURLToPath(new URL('../dashboards/', import.meta.url));

const rendered = renderDashboards();
await mkdir(outDir, { recursive: true });
for (const file of await readdir(outDir)) {
  if (file.endsWith('.json') && !rendered.has(file)) {
    await rm(path.join(outDir, file));
    console.log(`removed   grafana/dashboards/${file}`);
  }
}
for (const [file, json] of rendered) {
  await writeFile(path.join(outDir, file), json);
  console.log(`rendered  grafana/dashboards/${file}`);
}
