// Benchmark 6, the highly available variant next to the single stack: `up --wait` to healthy,
// alert latency (registration to the inbox's receivedAt of the NewUserRegistered notification,
// median and max) with everything up, and on the HA variant what each lost part costs: the first
// Alertmanager in the cluster order SIGKILLed just before a registration (its peers have not
// noticed yet, so the next waits --cluster.peer-timeout), and a Prometheus SIGKILLed.
//
// Each sample needs an alert that is new everywhere, so each registers through its own app
// replica (NewUserRegistered is one alert per instance): the app is scaled to one replica per
// sample after the timed start. Both variants are measured the same way, on the same machine, one
// after the other in each run.
import { COMPOSE_FILES, CORE_SERVICES, freshProjectName } from '../stack/compose.js';
import {
  ALERTMANAGERS,
  HA_SERVICES,
  PROMETHEUS_REPLICAS,
  clusterOrder,
  haComposeProject,
  kill,
  restart,
  waitForCluster,
  type HaProject,
} from '../stack/ha.js';
import { peerTimeoutMs, registerAndCount, type PrometheusReplica, type Registration } from '../stack/ha-alerts.js';
import { prometheusApi } from '../stack/prometheus.js';
import { waitFor } from '../stack/wait.js';
import { fixed, table, type BenchReport } from './report.js';
import { median } from './stats.js';

export interface HaBenchOptions {
  runs: number;
  samples: number;
  progress: (line: string) => void;
}

export const haDefaults = { runs: 2, samples: 3 } as const;

type Variant = 'single' | 'ha';
type Fault = 'first Alertmanager killed' | 'a Prometheus killed';
const FAULTS: readonly Fault[] = ['first Alertmanager killed', 'a Prometheus killed'];

interface Run {
  variant: Variant;
  startSeconds: number;
  everythingUp: Registration[];
  faults: Array<{ fault: Fault; registration: Registration }>;
}

export function expectedHaSeconds({ runs, samples }: Pick<HaBenchOptions, 'runs' | 'samples'>): number {
  return runs * (60 + samples * 12 + 40 + samples * 12 + FAULTS.length * 30);
}

export async function runHaBench(options: HaBenchOptions): Promise<BenchReport> {
  const probe = haComposeProject(freshProjectName('grapevine-bench-ha'), COMPOSE_FILES);
  options.progress('ha: building the app image from the working tree (not timed)');
  // As buildAppImage (compose.ts) does: the numbers are for the working tree's code.
  await probe.run(['build', 'app'], 15 * 60_000);
  const runs: Run[] = [];
  for (let run = 1; run <= options.runs; run++) {
    for (const variant of ['single', 'ha'] as const) {
      const result = await measureVariant(variant, options);
      runs.push(result);
      options.progress(
        `ha: run ${run}/${options.runs}, ${variant}: healthy after ${fixed(result.startSeconds, 1)} s; registration to inbox ` +
          result.everythingUp.map((r) => `${fixed(r.latencyMs / 1000)} s`).join(', ') +
          result.faults.map(({ fault, registration }) => `; ${fault}: ${fixed(registration.latencyMs / 1000)} s`).join(''),
      );
    }
  }
  return report(runs, options);
}

async function measureVariant(variant: Variant, options: HaBenchOptions): Promise<Run> {
  const files = variant === 'ha' ? undefined : COMPOSE_FILES;
  const project = haComposeProject(freshProjectName(`grapevine-bench-${variant}`), files);
  const services: string[] = variant === 'ha' ? [...HA_SERVICES] : [...CORE_SERVICES];
  const prometheus: readonly PrometheusReplica[] = variant === 'ha' ? PROMETHEUS_REPLICAS : ['prometheus'];
  const quietMs = variant === 'ha' ? undefined : 3_000;
  try {
    const started = performance.now();
    await project.run(['up', '--detach', '--wait', ...services], 300_000);
    const startSeconds = (performance.now() - started) / 1000;

    const replicas = options.samples + (variant === 'ha' ? FAULTS.length : 0);
    await project.run(['up', '--detach', '--wait', '--no-recreate', '--scale', `app=${replicas}`, 'app'], 300_000);
    await everyReplicaScraped(project, prometheus, replicas);
    if (variant === 'ha') await waitForCluster(project, ALERTMANAGERS, ALERTMANAGERS.length);

    const everythingUp: Registration[] = [];
    for (let i = 1; i <= options.samples; i++) everythingUp.push(await registerAndCount(project, i, { live: prometheus, quietMs }));
    const faults: Run['faults'] = [];
    if (variant === 'ha') {
      faults.push({ fault: 'first Alertmanager killed', registration: await withFirstAlertmanagerKilled(project, options.samples + 1) });
      faults.push({ fault: 'a Prometheus killed', registration: await withPrometheusKilled(project, options.samples + 2) });
    }
    return { variant, startSeconds, everythingUp, faults };
  } finally {
    await project.down();
  }
}

async function everyReplicaScraped(project: HaProject, prometheus: readonly PrometheusReplica[], replicas: number): Promise<void> {
  for (const replica of prometheus) {
    const api = prometheusApi(await project.url(replica));
    await waitFor(
      async () => ((await api.query('count(grapevine_accounts_create_total)'))[0]?.value[1] === String(replicas) ? true : undefined),
      {
        what: `${replica} to scrape ${replicas} app replicas`,
        timeoutMs: 90_000,
        intervalMs: 250,
      },
    );
  }
}

/** Killed just before the registration, so its peers still count it: what the first seconds of a loss cost. */
async function withFirstAlertmanagerKilled(project: HaProject, replica: number): Promise<Registration> {
  const [first] = await clusterOrder(project);
  if (!first) throw new Error('no Alertmanager in the cluster order');
  try {
    return await registerAndCount(project, replica, {
      live: PROMETHEUS_REPLICAS,
      beforeRegistering: () => kill(project, first),
    });
  } finally {
    await restart(project, first);
    await waitForCluster(project, ALERTMANAGERS, ALERTMANAGERS.length);
  }
}

async function withPrometheusKilled(project: HaProject, replica: number): Promise<Registration> {
  await kill(project, 'prometheus-b');
  try {
    return await registerAndCount(project, replica, { live: ['prometheus'] });
  } finally {
    await restart(project, 'prometheus-b');
  }
}

function report(runs: Run[], options: HaBenchOptions): BenchReport {
  const seconds = (ms: number) => `${fixed(ms / 1000)} s`;
  const of = (variant: Variant) => runs.filter((run) => run.variant === variant);
  const latencies = (variant: Variant) => of(variant).flatMap((run) => run.everythingUp.map((r) => r.latencyMs));
  const notifications = (registrations: Registration[]) =>
    `${registrations.reduce((sum, r) => sum + r.counted.notifications.length, 0)} for ${registrations.length} registrations, ` +
    `${registrations.reduce((sum, r) => sum + r.counted.duplicates, 0)} duplicates`;
  const row = (variant: Variant, what: string, registrations: Registration[]) => {
    const ms = registrations.map((r) => r.latencyMs);
    return [variant === 'ha' ? 'HA' : 'single', what, seconds(median(ms)), seconds(Math.max(...ms)), notifications(registrations)];
  };
  const faultRows = FAULTS.map((fault) =>
    row(
      'ha',
      fault,
      of('ha').flatMap((run) => run.faults.filter((f) => f.fault === fault).map((f) => f.registration)),
    ),
  );
  const starts = (variant: Variant) => of(variant).map((run) => run.startSeconds);
  const haMedian = median(latencies('ha'));
  const haMax = Math.max(...latencies('ha'));
  const everyFaultOnce = of('ha').every((run) => run.faults.every((f) => f.registration.counted.notifications.length === 1));
  return {
    title: 'Highly available stack',
    command: `npm run bench -- ha --ha-runs ${options.runs} --ha-samples ${options.samples}`,
    markdown: [
      `${options.runs} runs, each starting the single stack (compose.yaml) and then the HA variant (compose.yaml + compose.ha.yaml) ` +
        'from nothing but images, timing `docker compose up --detach --wait`, then scaling the app to one replica per sample ' +
        `and registering one user through each. The HA variant's --cluster.peer-timeout is ${peerTimeoutMs() / 1000} s. ` +
        'Latency: the registration sent to the inbox receivedAt of the first NewUserRegistered notification for that replica; ' +
        'notifications counted for some seconds after it.',
      '',
      table(
        ['stack', 'seconds to all healthy (median, max)'],
        (['single', 'ha'] as const).map((variant) => [
          variant === 'ha' ? 'HA' : 'single',
          `${fixed(median(starts(variant)), 1)} s, ${fixed(Math.max(...starts(variant)), 1)} s`,
        ]),
      ),
      '',
      table(
        ['stack', 'with', 'registration to inbox, median', 'max', 'notifications'],
        [
          row(
            'single',
            'everything up',
            of('single').flatMap((r) => r.everythingUp),
          ),
          row(
            'ha',
            'everything up',
            of('ha').flatMap((r) => r.everythingUp),
          ),
          ...faultRows,
        ],
      ),
    ].join('\n'),
    goals: [
      { name: 'HA registration to inbox, median <= 3 s', reached: haMedian <= 3000, detail: seconds(haMedian) },
      { name: 'HA registration to inbox, max <= 5 s', reached: haMax <= 5000, detail: seconds(haMax) },
      {
        name: 'HA: any one Prometheus or Alertmanager lost, every alert reaches the inbox exactly once',
        reached: everyFaultOnce,
        detail: faultRows.map((r) => `${r[1]}: ${r[4]}`).join('; '),
      },
    ],
  };
}
