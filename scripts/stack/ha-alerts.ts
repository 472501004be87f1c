// Raising one NewUserRegistered alert no one has raised before, and counting what reaches the
// inbox: the HA fault tests (test/integration/ha.test.ts) and the HA benchmark (scripts/bench/ha.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { createGrapevineClient, emailFor, password, username } from '../workshop/client/index.js';
import { projectRoot } from './compose.js';
import { appInstance, type HaProject, type PROMETHEUS_REPLICAS } from './ha.js';
import { notificationsOf, seenNotifications, type AlertNotifications } from './notifications.js';
import { prometheusApi } from './prometheus.js';
import { waitFor } from './wait.js';

export const ALERT = 'NewUserRegistered';

/** compose.ha.yaml's --cluster.peer-timeout, in milliseconds, so the tests wait what the config says. */
export function peerTimeoutMs(): number {
  // Compose's merge tags (`ports: !override`) mean nothing to a plain YAML parser: dropped.
  const text = readFileSync(path.join(projectRoot, 'compose.ha.yaml'), 'utf8').replace(/ !(override|reset)\b/g, ' ');
  const compose = parse(text) as {
    services: Record<string, { command?: string[] }>;
  };
  const flag = compose.services.alertmanager?.command?.find((arg) => arg.startsWith('--cluster.peer-timeout='));
  const match = /=(\d+(?:\.\d+)?)(ms|s)$/.exec(flag ?? '');
  if (!match) throw new Error(`compose.ha.yaml: no --cluster.peer-timeout=<n>s on the alertmanager service (found ${flag})`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/**
 * How long a test keeps counting after the first notification: the last member of the cluster
 * sends what it has not seen sent after two peer timeouts, and a partitioned one at once; one more
 * timeout and a few seconds for scheduling on a loaded machine.
 */
export const quietMs = (): number => 3 * peerTimeoutMs() + 3_000;

export type PrometheusReplica = (typeof PROMETHEUS_REPLICAS)[number];

export interface Registration {
  instance: string;
  /** Registration sent to the inbox's receivedAt of the first notification. */
  latencyMs: number;
  counted: AlertNotifications;
}

/**
 * Registers one user through app replica `replica` and counts the notifications of the alert
 * that registration raises (NewUserRegistered for that replica's instance: one no earlier test
 * raised). Waits first until every live Prometheus holds that replica's counter at 0, since an
 * increase before the first scrape is invisible. `beforeRegistering` and `afterRegistered` make faults.
 */
export async function registerAndCount(
  stack: HaProject,
  replica: number,
  options: {
    live: readonly PrometheusReplica[];
    beforeRegistering?: () => Promise<void>;
    afterRegistered?: (instance: string) => Promise<void>;
    quietMs?: number;
  },
): Promise<Registration> {
  const instance = await appInstance(stack, replica);
  for (const prometheus of options.live) {
    const api = prometheusApi(await stack.url(prometheus));
    await waitFor(
      async () => ((await api.query(`grapevine_accounts_create_total{instance="${instance}"}`))[0]?.value[1] === '0' ? true : undefined),
      {
        what: `${prometheus} to hold ${instance}'s registrations counter at 0`,
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    );
  }
  const inbox = await stack.url('inbox');
  const seen = await seenNotifications(inbox);
  const name = username('ha');
  await options.beforeRegistering?.();
  const sentAt = Date.now();
  const response = await createGrapevineClient(await stack.url('app', replica)).register({
    username: name,
    email: emailFor(name),
    password: password(),
  });
  if (response.status !== 201) throw new Error(`registering ${name} through app replica ${replica} answered ${response.status}`);
  await options.afterRegistered?.(instance);

  const first = await waitFor(async () => (await notificationsOf(inbox, { alertname: ALERT, instance }, seen)).notifications[0], {
    what: `a ${ALERT} notification for ${instance} in the inbox`,
    timeoutMs: 60_000,
    intervalMs: 50,
  });
  await sleep(options.quietMs ?? quietMs());
  return {
    instance,
    latencyMs: Date.parse(first.receivedAt) - sentAt,
    counted: await notificationsOf(inbox, { alertname: ALERT, instance }, seen),
  };
}

/** Resolves once any of the named Prometheus replicas shows the alert for `instance` firing. */
export async function waitForFiring(stack: HaProject, replicas: readonly PrometheusReplica[], instance: string): Promise<void> {
  await waitFor(
    async () => {
      for (const replica of replicas) {
        const alerts = await prometheusApi(await stack.url(replica)).alerts();
        if (alerts.some((a) => a.labels.alertname === ALERT && a.labels.instance === instance && a.state === 'firing')) return true;
      }
      return undefined;
    },
    { what: `${ALERT} for ${instance} firing in Prometheus`, timeoutMs: 30_000, intervalMs: 25 },
  );
}
