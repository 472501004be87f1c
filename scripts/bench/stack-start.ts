// Benchmark 4, stack start: `docker compose up --wait` with every image present, until every
// service's healthcheck passes; `down -v` between runs, so each run starts from nothing but images.
import { buildAppImage, composeProject, freshProjectName, servicesToStart } from '../stack/compose.js';
import { fixed, table, type BenchReport } from './report.js';
import { median } from './stats.js';

export interface StackStartOptions {
  runs: number;
  progress: (line: string) => void;
}

export const stackStartDefaults = { runs: 3 } as const;

/** Seconds per run: the start itself (goal < 30 s) plus taking it down. */
export function expectedStackStartSeconds({ runs }: Pick<StackStartOptions, 'runs'>): number {
  return runs * 30;
}

export async function runStackStartBench(options: StackStartOptions): Promise<BenchReport> {
  const probe = composeProject(freshProjectName('grapevine-bench-start'));
  options.progress('stack start: building the app image from the working tree (not timed)');
  await buildAppImage(probe);
  const { services, images } = await servicesToStart(probe);
  const rows: string[][] = [];
  const seconds: number[] = [];
  for (let run = 1; run <= options.runs; run++) {
    const project = composeProject(freshProjectName('grapevine-bench-start'));
    try {
      const started = performance.now();
      await project.run(['up', '--detach', '--wait', ...services], 180_000);
      const elapsed = (performance.now() - started) / 1000;
      seconds.push(elapsed);
      rows.push([String(run), fixed(elapsed, 1)]);
      options.progress(`stack start: run ${run}/${options.runs}: healthy after ${fixed(elapsed, 1)} s`);
    } finally {
      await project.down();
    }
  }
  const mid = median(seconds);
  const worst = Math.max(...seconds);
  return {
    title: 'Stack start',
    command: `npm run bench -- stack-start --runs ${options.runs}`,
    markdown: [
      `\`docker compose up --detach --wait ${services.join(' ')}\` from nothing but images (each run its own project; the app image built from the working tree beforehand, untimed; ` +
        '`down -v` after), until every healthcheck passes. Images: ' +
        Object.entries(images)
          .map(([service, image]) => `${service} \`${image}\``)
          .join(', ') +
        (services.includes('grafana') ? '.' : '. Grafana is left out: its image is not on this machine and cannot be pulled.'),
      '',
      table(['run', 'seconds to all healthy'], rows),
      '',
      `Median ${fixed(mid, 1)} s, max ${fixed(worst, 1)} s.`,
    ].join('\n'),
    goals: [
      {
        name: 'docker compose up --wait healthy in under 30 s',
        reached: mid < 30,
        detail: `median ${fixed(mid, 1)} s, max ${fixed(worst, 1)} s`,
      },
    ],
  };
}
