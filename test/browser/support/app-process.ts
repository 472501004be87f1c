import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSiteChild } from '../../../app/site/start-up.js';

export interface RunningApp {
  /** http://127.0.0.1:PORT of the site, on the free port the OS chose. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The app as a person runs it (`app/site/main.ts`, through tsx so no build is needed), on free loopback
 * ports and with its own empty DATA_DIR, so a run never meets another run's users.
 */
export async function startApp(): Promise<RunningApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'grapevine-browser-'));
  // startSiteChild waits for the JSON line main.ts logs with its URLs once both listeners are up.
  const app = await startSiteChild({
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', DATA_DIR: dataDir },
    timeoutMs: 30_000,
  });

  return {
    url: app.ready.siteUrl,
    async stop() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
