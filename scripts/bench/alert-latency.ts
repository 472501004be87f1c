// Benchmark 3, alert latency on the compose stack with its own configuration: registration to
// NewUserRegistered firing in Prometheus, to Alertmanager, to the alert inbox.
//
// Each sample needs an alert that is new everywhere: once NewUserRegistered fires it stays firing
// for 5 minutes (`increase(...[5m]) > 0`), and Alertmanager's notification log would not notify
// the same group again within repeat_interval. So before every sample after the first, Prometheus
// and Alertmanager are recreated with their volumes deleted (fresh TSDB, fresh notification log),
// while the app and the inbox keep running: the same path a workshop's first registration takes,
// without paying for a whole new stack per sample. Each sample waits until the fresh Prometheus
// holds the counter's current value, because an increase before the first scrape is invisible.
import { createGrapevineClient, emailFor, password, username } from '../workshop/client/index.js';
import { buildAppImage, composeProject, freshProjectName, servicesToStart, type ComposeProject } from '../stack/compose.js';
import { docker } from '../stack/docker.js';
import { inboxApi } from '../stack/inbox.js';
import { alertmanagerApi, prometheusApi } from '../stack/prometheus.js';
import { waitFor } from '../stack/wait.js';
import { fixed, table, type BenchReport } from './report.js';
import { median } from './stats.js';

export interface AlertLatencyOptions {
  samples: number;
  progress: (line: string) => void;
}

export const alertLatencyDefaults = { samples: 6 } as const;
const ALERT = 'NewUserRegistered';
const POLL_MS = 25;

export function expectedAlertLatencySeconds({ samples }: Pick<AlertLatencyOptions, 'samples'>): number {
  return 30 + samples * 20;
}

interface Sample {
  registerMs: number;
  prometheusMs: number;
  alertmanagerMs: number;
  inboxMs: number;
  /** The inbox's own receivedAt minus the wall-clock time the request was sent: no polling in it. */
  inboxReceivedAtMs: number;
}

export async function runAlertLatencyBench(options: AlertLatencyOptions): Promise<BenchReport> {
  const project = composeProject(freshProjectName('grapevine-bench-alerts'));
  options.progress('alert latency: building the app image from the working tree (not timed)');
  await buildAppImage(project);
  const { services } = await servicesToStart(project);
  try {
    options.progress(`alert latency: starting the stack (${services.join(', ')})`);
    await project.run(['up', '--detach', '--wait', ...services], 180_000);
    const samples: Sample[] = [];
    for (let i = 0; i < options.samples; i++) {
      if (i > 0) await freshPrometheusAndAlertmanager(project);
      const sample = await measureOne(project, i);
      samples.push(sample);
      options.progress(
        `alert latency: sample ${i + 1}/${options.samples}: Prometheus ${fixed(sample.prometheusMs / 1000)} s, ` +
          `Alertmanager ${fixed(sample.alertmanagerMs / 1000)} s, inbox ${fixed(sample.inboxMs / 1000)} s`,
      );
    }
    return report(samples, options);
  } finally {
    await project.down();
  }
}

async function freshPrometheusAndAlertmanager(project: ComposeProject): Promise<void> {
  await project.run(['rm', '--stop', '--force', '--volumes', 'prometheus', 'alertmanager']);
  await docker(['volume', 'rm', project.volume('prometheus-data'), project.volume('alertmanager-data')]);
  await project.run(['up', '--detach', '--wait', 'prometheus', 'alertmanager'], 120_000);
}

async function measureOne(project: ComposeProject, registeredBefore: number): Promise<Sample> {
  const [appUrl, prometheusUrl, alertmanagerUrl, inboxUrl] = await Promise.all(
    (['app', 'prometheus', 'alertmanager', 'inbox'] as const).map((s) => project.url(s)),
  );
  const prometheus = prometheusApi(prometheusUrl);
  const alertmanager = alertmanagerApi(alertmanagerUrl);
  const inbox = inboxApi(inboxUrl);

  // A fresh Prometheus must have scraped the counter's current value, with no alert active yet.
  await waitFor(
    async () => {
      const [sample] = await prometheus.query('sum(grapevine_accounts_create_total{job="grapevine"})');
      return sample?.value[1] === String(registeredBefore) ? true : undefined;
    },
    { what: `Prometheus to scrape grapevine_accounts_create_total at ${registeredBefore}`, timeoutMs: 60_000, intervalMs: 200 },
  );
  if ((await prometheus.alerts()).some((alert) => alert.labels.alertname === ALERT))
    throw new Error(`${ALERT} is already active before the registration`);
  const seenIds = new Set((await inbox.notifications()).map((notification) => notification.id));

  const name = username();
  const sentAt = Date.now();
  const started = performance.now();
  const response = await createGrapevineClient(appUrl).register({ username: name, email: emailFor(name), password: password() });
  if (response.status !== 201) throw new Error(`registration answered ${response.status}`);
  const registerMs = performance.now() - started;
  const since = () => performance.now() - started;

  const poll = <T>(what: string, probe: () => Promise<T | undefined>) =>
    waitFor(async () => ((await probe()) === undefined ? undefined : since()), { what, timeoutMs: 30_000, intervalMs: POLL_MS });
  const [prometheusMs, alertmanagerMs, inboxMs] = await Promise.all([
    poll(`${ALERT} firing in Prometheus`, async () =>
      (await prometheus.alerts()).find((a) => a.labels.alertname === ALERT && a.state === 'firing'),
    ),
    poll(`${ALERT} in Alertmanager`, async () => (await alertmanager.alerts(ALERT))[0]),
    poll(`${ALERT} in the inbox`, async () =>
      (await inbox.notifications()).find(
        (n) => !seenIds.has(n.id) && n.status === 'firing' && n.alerts.some((a) => a.labels.alertname === ALERT),
      ),
    ),
  ]);
  const notification = (await inbox.notifications()).find((n) => !seenIds.has(n.id) && n.alerts.some((a) => a.labels.alertname === ALERT))!;
  return { registerMs, prometheusMs, alertmanagerMs, inboxMs, inboxReceivedAtMs: Date.parse(notification.receivedAt) - sentAt };
}

function report(samples: Sample[], options: AlertLatencyOptions): BenchReport {
  const seconds = (ms: number) => fixed(ms / 1000, 2);
  const column = (key: keyof Sample) => samples.map((sample) => sample[key]);
  const summary = (key: keyof Sample) => [seconds(median(column(key))), seconds(Math.max(...column(key)))];
  const inboxMedian = median(column('inboxMs'));
  const inboxMax = Math.max(...column('inboxMs'));
  const afterAnswer = samples.map((sample) => sample.inboxMs - sample.registerMs);
  return {
    title: 'Alert latency',
    command: `npm run bench -- alert-latency --samples ${options.samples}`,
    markdown: [
      `${samples.length} registrations (\`POST /api/accounts\`), each the first after a fresh Prometheus and Alertmanager ` +
        '(recreated with their volumes; the app and the inbox keep running), on compose.yaml with its own configuration ' +
        '(scrape 1 s, evaluation 1 s, group_wait 0 s, clustering off). Times from sending the registration; ' +
        `the APIs are polled every ${POLL_MS} ms.`,
      '',
      table(
        ['sample', 'registration answered', 'Prometheus firing', 'in Alertmanager', 'in the inbox', "inbox's receivedAt"],
        samples.map((sample, i) => [
          String(i + 1),
          `${seconds(sample.registerMs)} s`,
          `${seconds(sample.prometheusMs)} s`,
          `${seconds(sample.alertmanagerMs)} s`,
          `${seconds(sample.inboxMs)} s`,
          `${seconds(sample.inboxReceivedAtMs)} s`,
        ]),
      ),
      '',
      table(
        ['', 'Prometheus firing', 'in Alertmanager', 'in the inbox', "inbox's receivedAt"],
        [
          [
            'median',
            ...[summary('prometheusMs')[0], summary('alertmanagerMs')[0], summary('inboxMs')[0], summary('inboxReceivedAtMs')[0]].map(
              (s) => `${s} s`,
            ),
          ],
          [
            'max',
            ...[summary('prometheusMs')[1], summary('alertmanagerMs')[1], summary('inboxMs')[1], summary('inboxReceivedAtMs')[1]].map(
              (s) => `${s} s`,
            ),
          ],
        ],
      ),
      '',
      `From the registration's answer (201) to the inbox: median ${seconds(median(afterAnswer))} s, max ${seconds(Math.max(...afterAnswer))} s ` +
        `(the registration itself, scrypt included, took a median ${seconds(median(column('registerMs')))} s).`,
    ].join('\n'),
    goals: [
      { name: 'registration to inbox, median <= 3 s', reached: inboxMedian <= 3000, detail: `${seconds(inboxMedian)} s` },
      { name: 'registration to inbox, max <= 5 s', reached: inboxMax <= 5000, detail: `${seconds(inboxMax)} s` },
    ],
  };
}
