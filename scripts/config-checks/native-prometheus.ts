// A throw-away native Prometheus (the .tools binary): empty TSDB in a temp dir, loopback
// port, nothing to scrape. Enough to ask its query API whether an expression parses.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface NativePrometheus {
  url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

export async function startNativePrometheus(toolsDir: string): Promise<NativePrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grapevine-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(config, 'global:\n  evaluation_interval: 1m\n');
  try {
    // Another process can take the free port between our probe and Prometheus' bind: retry.
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort();
      const child = spawn(
        path.join(toolsDir, 'prometheus'),
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=error',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const url = `http://127.0.0.1:${port}`;
      if (await waitUntilReady(url, child)) {
        return { url, stop: () => stop(child).finally(() => rm(dir, { recursive: true, force: true })) };
      }
      await stop(child);
      if (attempt === 3) throw new Error(`native Prometheus did not become ready on ${url}:\n${stderr.trim()}`);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  return false;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
