// `npm run bench -- [overhead|scrape|alert-latency|stack-start|memory ...] [options]` (see --help):
// the goals the README's Benchmarks section lists (recorded results in BENCHMARKS.md), each measured
// next to its baseline in the same run. Prints the machine and the expected duration first, Markdown results as each finishes, and
// at the end every goal, reached or not. None of this is a test: a missed goal is reported, and
// the exit code is non-zero only when a benchmark could not run.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dockerAnswers } from '../stack/docker.js';
import { BenchArgsError, parseBenchArgs, usage } from './args.js';
import { BENCH_NAMES, BENCHES } from './catalogue.js';
import { projectRoot } from './child.js';
import { announceRun } from './concurrent-runs.js';
import { describeMachine, formatLoad, formatMachine, loadWarning } from './machine.js';
import { formatGoals, type Goal } from './report.js';

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2), BENCH_NAMES);
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error;
    process.stderr.write(`bench: ${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }

  const chosen = BENCHES.filter((bench) => options.names.includes(bench.name));
  const expected = chosen.reduce((sum, bench) => sum + bench.expectedSeconds(options), 0);
  const machine = describeMachine();
  const out: string[] = [
    `## Results of \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
    '',
    '```',
    formatMachine(machine),
    '```',
  ];
  process.stdout.write(`${formatMachine(machine)}\n`);
  process.stdout.write(
    `Running ${chosen.map((bench) => `${bench.name} (~${Math.ceil(bench.expectedSeconds(options) / 60)} min)`).join(', ')}: ` +
      `about ${Math.ceil(expected / 60)} minutes in all.\n\n`,
  );
  const run = await announceRun();
  if (run.others.length > 0) {
    const warning = `Another \`npm run bench\` is running (pid ${run.others.join(', ')}): the two runs disturb each other's numbers.`;
    process.stdout.write(`Note: ${warning}\n\n`);
    out.push('', `**${warning}**`);
  }

  const goals: Goal[] = [];
  let failed = 0;
  const docker = chosen.some((bench) => bench.needsDocker) ? await dockerAnswers() : true;
  for (const bench of chosen) {
    const progress = (line: string) => process.stderr.write(`${line}\n`);
    if (bench.needsDocker && !docker) {
      const reason = 'no Docker engine answers (`docker info` failed); `npm run setup` installs and starts one';
      out.push('', `### ${bench.name}`, '', `Not run: ${reason}.`);
      goals.push({ name: `${bench.name} not run`, reached: false, detail: reason });
      process.stdout.write(`### ${bench.name}: not run, ${reason}\n\n`);
      continue;
    }
    const loadBefore = os.loadavg();
    const startWarning = loadWarning('start', loadBefore, machine.cores);
    if (startWarning !== undefined) process.stdout.write(`Note: ${bench.name}: ${startWarning}\n\n`);
    const started = performance.now();
    try {
      const report = await bench.run(options, progress);
      const minutes = ((performance.now() - started) / 60_000).toFixed(1);
      const loadAfter = os.loadavg();
      const warnings = [startWarning, loadWarning('end', loadAfter, machine.cores)].filter((w) => w !== undefined);
      const section = [
        `### ${report.title}`,
        '',
        `Reproduce: \`${report.command}\` (took ${minutes} min; load average ${formatLoad(loadBefore)} before, ${formatLoad(loadAfter)} after)`,
        '',
        ...warnings.map((warning) => `**Warning: ${warning}**\n`),
        report.markdown,
        '',
        formatGoals(report.goals),
      ].join('\n');
      goals.push(...report.goals);
      out.push('', section);
      process.stdout.write(`${section}\n\n`);
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      out.push('', `### ${bench.name}`, '', `Failed: ${message}`);
      process.stdout.write(`### ${bench.name}: FAILED\n${error instanceof Error ? error.stack : message}\n\n`);
    }
  }

  await run.done();
  const summary = ['## Goals', '', formatGoals(goals)].join('\n');
  out.push('', summary);
  process.stdout.write(`${summary}\n`);
  const file = path.resolve(projectRoot, options.out);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${out.join('\n')}\n`);
  process.stdout.write(`\nResults written to ${path.relative(projectRoot, file)}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
