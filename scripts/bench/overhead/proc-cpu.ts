// A process's CPU time from /proc: user + system, all its threads (JIT, GC helpers, libuv's pool),
// which is what an instrumented server costs the machine, whoever else is using it.
import { readFile } from 'node:fs/promises';

/** CPU seconds a process has used so far, from /proc/PID/stat (utime + stime, in clock ticks of 1/100 s). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = 100;
