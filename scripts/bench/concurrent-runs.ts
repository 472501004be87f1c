// Two benchmark runs at once on a 2-core machine measure each other. Each run leaves its pid in
// .build/bench/running/; a run that finds another one alive says so first and in its results.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from './child.js';

const DIR = path.join(projectRoot, '.build/bench/running');

/** Registers this run; resolves with the pids of other runs still alive, and a function that unregisters. */
export async function announceRun(): Promise<{ others: number[]; done: () => Promise<void> }> {
  await mkdir(DIR, { recursive: true });
  const others: number[] = [];
  for (const name of await readdir(DIR)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (alive(pid)) others.push(pid);
    else await rm(path.join(DIR, name), { force: true });
  }
  const mine = path.join(DIR, String(process.pid));
  await writeFile(mine, `${new Date().toISOString()}\n`);
  return { others, done: () => rm(mine, { force: true }) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
