// The site's start-up line, and starting the site as a child process that waits for it: main.ts
// logs one JSON line with both URLs once both listeners are up, and the tests (test/unit/site/
// main.test.ts, test/browser/support/app-process.ts) and the memory benchmark (scripts/bench/
// memory.ts) read it from here, so the line and its readers cannot drift apart.
import { fileURLToPath } from 'node:url';
import { parseJsonLine, spawnNode, startNode, type Spawned, type Started } from '../kernel/process/child.js';

export const SITE_START_UP_MESSAGE = 'Grapevine is up';

export interface SiteUrls {
  siteUrl: string;
  metricsUrl: string;
}

/** The project root: entry points are given relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The TypeScript entry point, run through tsx: no build needed. */
export const SITE_MAIN_TS = ['--import', 'tsx', 'app/site/main.ts'] as const;

/** The URLs of main.ts's start-up line; undefined for any other line. */
export function siteUrlsOf(line: string): SiteUrls | undefined {
  const parsed = parseJsonLine<Partial<Record<keyof SiteUrls, unknown>>>(line);
  const { siteUrl, metricsUrl } = parsed ?? {};
  return typeof siteUrl === 'string' && typeof metricsUrl === 'string' ? { siteUrl, metricsUrl } : undefined;
}

export interface SiteChildOptions {
  /** The environment the site reads its settings from (PORT, METRICS_PORT, DATA_DIR, ...), exactly. */
  env: NodeJS.ProcessEnv;
  /** `node` arguments that run the site; default SITE_MAIN_TS, or e.g. [compiled main.js]. */
  entry?: readonly string[];
  timeoutMs?: number;
}

/** Spawns the site's main without waiting for anything: for a start that is meant to fail. */
export function spawnSite({ env, entry = SITE_MAIN_TS }: SiteChildOptions): Spawned {
  return spawnNode(entry, { cwd: PROJECT_ROOT, env });
}

/** Spawns the site's main and resolves with its URLs once it logs its start-up line. */
export function startSiteChild({ env, entry = SITE_MAIN_TS, timeoutMs }: SiteChildOptions): Promise<Started<SiteUrls>> {
  return startNode(entry, {
    cwd: PROJECT_ROOT,
    env,
    readyWhen: siteUrlsOf,
    name: 'the site',
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}
