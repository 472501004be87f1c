// What the numbers were measured on. Every benchmark prints this first: a ratio means little
// without the machine, and these machines are shared, so the load average matters too.
import os from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  loadAverage: [number, number, number];
}

export function describeMachine(now: Date = new Date()): Machine {
  const cpus = os.cpus();
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: now.toISOString(),
    loadAverage: [one, five, fifteen],
  };
}

export function formatLoad([one, five, fifteen]: readonly number[]): string {
  return [one, five, fifteen].map((n) => (n ?? 0).toFixed(2)).join(' / ');
}

export function formatMachine(machine: Machine): string {
  return [
    `${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}`,
    `Node ${machine.node}, ${machine.date}, load average ${formatLoad(machine.loadAverage)} (1 / 5 / 15 min)`,
  ].join('\n');
}

/**
 * A warning when the 1-minute load average exceeds the cores at a benchmark's start or end:
 * processes were then waiting for a core, and the numbers measure the machine's other work too.
 */
export function loadWarning(when: 'start' | 'end', loadAverage: readonly number[], cores: number): string | undefined {
  const one = loadAverage[0] ?? 0;
  if (one <= cores) return undefined;
  return `the 1-minute load average at the ${when} (${one.toFixed(2)}) exceeds the ${cores} cores: other work competed for the CPU, read the figures as noisy.`;
}
