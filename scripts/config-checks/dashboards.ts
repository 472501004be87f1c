// Checks of grafana/: the checked-in dashboard JSON is exactly what grafana/src renders, and
// every panel, variable and annotation names a datasource uid that provisioning creates.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { renderDashboards } from '../../grafana/src/dashboards.js';
import { dashboardPromQL, dataPanels, readDashboards } from '../../grafana/src/queries.js';
import { DASHBOARDS_DIR, DATASOURCES_DIR, listFiles, readYaml } from './files.js';
import { firstDifference } from './text-diff.js';
import { plural, type Check } from './types.js';

/**
 * Renders the dashboards with the checked tree's own grafana/src (imported through tsx, so
 * the tree must see node_modules: a copy in a temp dir needs a node_modules link).
 */
export const checkDashboardsUpToDate: Check = async ({ root }) => {
  const source = pathToFileURL(path.join(root, 'grafana/src/dashboards.ts')).href;
  const { renderDashboards: render } = (await import(source)) as { renderDashboards: typeof renderDashboards };
  const expected = render();
  const dir = path.join(root, DASHBOARDS_DIR);
  const present = (await readdir(dir)).filter((file) => file.endsWith('.json'));
  const failures: string[] = [];
  for (const [file, json] of expected) {
    if (!present.includes(file)) {
      failures.push(`${DASHBOARDS_DIR}/${file} is missing`);
      continue;
    }
    const difference = firstDifference(json, await readFile(path.join(dir, file), 'utf8'));
    if (difference) failures.push(`${DASHBOARDS_DIR}/${file} differs from what grafana/src renders, ${difference}`);
  }
  for (const file of present) {
    if (!expected.has(file)) failures.push(`${DASHBOARDS_DIR}/${file} is rendered by no dashboard in grafana/src/dashboards.ts`);
  }
  if (failures.length > 0) failures.push('run `npm run dashboards` and commit grafana/dashboards');
  return { failures, checked: plural(expected.size, 'dashboard') };
};

export const checkDashboardDatasources: Check = async ({ root }) => {
  const provisioned = await provisionedDatasourceUids(root);
  const failures: string[] = [];
  const uids = new Map<string, string>();
  let references = 0;
  for (const { file, dashboard } of await readDashboards(path.join(root, DASHBOARDS_DIR))) {
    const where = `${DASHBOARDS_DIR}/${file}`;
    if (!dashboard.uid) failures.push(`${where} has no uid`);
    else if (uids.has(dashboard.uid)) failures.push(`${where} reuses uid "${dashboard.uid}" of ${uids.get(dashboard.uid)}`);
    else uids.set(dashboard.uid, where);
    const users = [
      ...dataPanels(dashboard).map((panel) => ({ what: `panel "${panel.title}"`, uid: panel.datasourceUid })),
      ...dashboardPromQL(dashboard).map((query) => ({ what: query.where, uid: query.datasourceUid })),
    ];
    references += users.length;
    for (const { what, uid } of users) {
      if (uid === undefined) failures.push(`${where}: ${what} names no datasource uid (it would use whatever is the default)`);
      else if (!provisioned.has(uid))
        failures.push(`${where}: ${what} uses datasource uid "${uid}", which ${DATASOURCES_DIR} does not provision`);
    }
  }
  return { failures, checked: `${plural(uids.size, 'dashboard')}, ${plural(references, 'datasource reference')}` };
};

async function provisionedDatasourceUids(root: string): Promise<Set<string>> {
  const uids = new Set<string>();
  for (const file of await listFiles(root, DATASOURCES_DIR, '.yml')) {
    const content = (await readYaml(root, file)) as { datasources?: Array<{ uid?: string }> } | null;
    for (const datasource of content?.datasources ?? []) if (datasource.uid) uids.add(datasource.uid);
  }
  return uids;
}
