// Where things are on the cluster. Each compose service that runs as a Deployment keeps its compose
// name as its Service name, so the URLs compose gives one service for another (BUS_URL's
// redis://valkey:6379) work unchanged inside the namespace. Only Alertmanager, which runs in the
// stack's namespace, needs the long form <service>.<namespace>.svc.
import { NAMESPACE, PROVIDED_BY_THE_STACK } from './settings.js';
import { environmentOf, type Sources } from './sources.js';

/** The compose services that become Deployments: all but those kube-prometheus-stack runs. */
export function deployedServices(sources: Sources): string[] {
  return Object.keys(sources.compose.services).filter((name) => !PROVIDED_BY_THE_STACK.has(name));
}

/** `host` as Alertmanager (another namespace) reaches it, when it is one of ours. */
export function clusterHost(host: string, sources: Sources): string {
  return deployedServices(sources).includes(host) ? `${host}.${NAMESPACE}.svc` : host;
}

/** A URL with a compose service host rewritten to its cluster name (port, path and the rest kept). */
export function clusterUrl(url: string, sources: Sources): string {
  const parsed = new URL(url);
  parsed.hostname = clusterHost(parsed.hostname, sources);
  return parsed.href;
}

/** A scrape target from prometheus.yml: a host (a compose service name) and a port. */
export interface ScrapeTarget {
  job: string;
  host: string;
  port: number;
  path: string;
  interval: string | undefined;
  timeout: string | undefined;
}

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  dns_sd_configs?: Array<{ names?: string[]; port?: number }>;
  static_configs?: Array<{ targets?: string[] }>;
}

/** Every target of prometheus.yml's scrape configs, by DNS discovery or static, with its job's settings. */
export function scrapeTargets(sources: Sources): ScrapeTarget[] {
  const { global = {}, scrape_configs = [] } = sources.prometheus as {
    global?: { scrape_interval?: string; scrape_timeout?: string };
    scrape_configs?: ScrapeConfig[];
  };
  return scrape_configs.flatMap((config) => {
    const common = {
      job: config.job_name,
      path: config.metrics_path ?? '/metrics',
      interval: config.scrape_interval ?? global.scrape_interval,
      timeout: config.scrape_timeout ?? global.scrape_timeout,
    };
    const dns = (config.dns_sd_configs ?? []).flatMap(({ names = [], port }) =>
      port === undefined ? [] : names.map((host) => ({ ...common, host, port })),
    );
    const statics = (config.static_configs ?? []).flatMap(({ targets = [] }) =>
      targets.map((target) => {
        const [host = '', port = ''] = target.split(':');
        return { ...common, host, port: Number(port) };
      }),
    );
    return [...dns, ...statics];
  });
}

/**
 * The ports a deployed service listens on, each with a name (Kubernetes' IANA_SVC_NAME: at most 15
 * lower-case letters, digits and dashes): its `*PORT` settings (PORT or SERVICE_PORT is `http`,
 * METRICS_PORT is `metrics`), then the ports other services' URLs, Alertmanager's receivers and
 * Prometheus' targets use to reach it (named by scheme, else port-N).
 */
export function portsOf(service: string, sources: Sources): Map<number, string> {
  const ports = new Map<number, string>();
  const add = (port: number, name: string) => {
    if (!Number.isInteger(port) || port <= 0 || ports.has(port)) return;
    const taken = new Set(ports.values());
    ports.set(port, taken.has(name) ? `port-${port}` : name);
  };
  for (const [variable, value] of environmentOf(sources.compose.services[service])) {
    if (!/(^|_)PORT$/.test(variable) || !/^\d+$/.test(value)) continue;
    const own = variable === 'PORT' || variable === `${service.toUpperCase()}_PORT`;
    add(
      Number(value),
      own
        ? 'http'
        : variable
            .replace(/_PORT$/, '')
            .toLowerCase()
            .replaceAll('_', '-')
            .slice(0, 15),
    );
  }
  for (const { host, port, scheme } of urlsInSources(sources)) {
    if (host === service) add(port, /^[a-z][a-z0-9-]{0,14}$/.test(scheme) ? scheme : `port-${port}`);
  }
  for (const target of scrapeTargets(sources)) if (target.host === service) add(target.port, `port-${target.port}`);
  return ports;
}

/** Every host:port URL in the compose services' settings and Alertmanager's webhooks. */
function urlsInSources(sources: Sources): Array<{ host: string; port: number; scheme: string }> {
  const values = Object.values(sources.compose.services).flatMap((service) => [...environmentOf(service).values()]);
  const receivers = (sources.alertmanager.receivers ?? []) as Array<{ webhook_configs?: Array<{ url?: string }> }>;
  for (const receiver of receivers) for (const webhook of receiver.webhook_configs ?? []) if (webhook.url) values.push(webhook.url);
  return values.flatMap((value) => {
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/:@]+):(\d+)/.exec(value);
    return match ? [{ scheme: match[1], host: match[2], port: Number(match[3]) }] : [];
  });
}
