// alertmanager.yml as an AlertmanagerConfig (monitoring.coreos.com/v1alpha1), and back. The two
// directions live together so they cannot drift: the config check takes the route tree, the
// inhibitions and the receivers back out of the generated object and runs amtool on them.
//
// Every key is mapped by name; a key this file does not know stops the generator rather than
// vanishing from the cluster's copy (the Operator's schema accepts unknown keys and prunes them).
import type { IAlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig';
import type { IAlertmanagerConfigSpec } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfigSpec';
import type { IMatcher } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/Matcher';
import type { IRoute } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/Route';
import { clusterUrl } from './addresses.js';
import { releaseLabels } from './prometheus-objects.js';
import type { Sources } from './sources.js';
import { TOKEN_KEY, webhookTokens } from './webhook-token.js';

export const ALERTMANAGER_CONFIG_NAME = 'grapevine-alerts';

type Yaml = Record<string, unknown>;
type Spec = IAlertmanagerConfigSpec;
type Receiver = NonNullable<Spec['receivers']>[number];
type Webhook = NonNullable<Receiver['webhookConfigs']>[number];
type InhibitRule = NonNullable<Spec['inhibitRules']>[number];

function onlyKeys(what: string, object: Yaml, known: readonly string[]): void {
  const unknown = Object.keys(object).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`alertmanager.yml: ${what} has ${unknown.join(', ')}, which the generator does not map yet`);
}

// --- matchers: alertmanager.yml's strings ('severity="critical"') and the Operator's objects ---

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

export function parseMatcher(text: string): IMatcher {
  const match = MATCHER.exec(text);
  if (!match) throw new Error(`alertmanager.yml: cannot read the matcher ${JSON.stringify(text)}`);
  const [, name = '', matchType, raw = ''] = match;
  const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  return { name, matchType, value };
}

export function matcherText({ name, matchType = '=', value = '' }: IMatcher): string {
  return `${name}${matchType}${JSON.stringify(value)}`;
}

/** `matchers:` plus the deprecated `match:` / `match_re:` maps, as matcher objects. */
function matchersOf(object: Yaml, prefix = ''): IMatcher[] {
  const list = ((object[`${prefix}matchers`] ?? []) as string[]).map(parseMatcher);
  for (const [name, value] of Object.entries((object[`${prefix}match`] ?? {}) as Record<string, string>))
    list.push({ name, matchType: '=', value });
  for (const [name, value] of Object.entries((object[`${prefix}match_re`] ?? {}) as Record<string, string>)) {
    list.push({ name, matchType: '=~', value });
  }
  return list;
}

// --- to the Operator's object ---

const ROUTE_KEYS = [
  'receiver',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'matchers',
  'match',
  'match_re',
  'continue',
  'routes',
  'mute_time_intervals',
  'active_time_intervals',
] as const;

function toRoute(route: Yaml): IRoute {
  onlyKeys('a route', route, ROUTE_KEYS);
  const matchers = matchersOf(route);
  const routes = (route.routes ?? []) as Yaml[];
  return {
    ...(route.receiver !== undefined ? { receiver: route.receiver as string } : {}),
    ...(route.group_by !== undefined ? { groupBy: route.group_by as string[] } : {}),
    ...(route.group_wait !== undefined ? { groupWait: route.group_wait as string } : {}),
    ...(route.group_interval !== undefined ? { groupInterval: route.group_interval as string } : {}),
    ...(route.repeat_interval !== undefined ? { repeatInterval: route.repeat_interval as string } : {}),
    ...(matchers.length > 0 ? { matchers } : {}),
    ...(route.continue !== undefined ? { continue: route.continue as boolean } : {}),
    ...(route.mute_time_intervals !== undefined ? { muteTimeIntervals: route.mute_time_intervals as string[] } : {}),
    ...(route.active_time_intervals !== undefined ? { activeTimeIntervals: route.active_time_intervals as string[] } : {}),
    ...(routes.length > 0 ? { routes: routes.map(toRoute) } : {}),
  };
}

function toWebhook(webhook: Yaml, sources: Sources): Webhook {
  onlyKeys('a webhook_config', webhook, ['url', 'send_resolved', 'max_alerts', 'timeout', 'http_config']);
  const http = (webhook.http_config ?? {}) as Yaml;
  onlyKeys('a webhook http_config', http, ['authorization']);
  const authorization = (http.authorization ?? undefined) as Yaml | undefined;
  if (authorization) onlyKeys('an authorization', authorization, ['type', 'credentials_file']);
  const token = webhookTokens(sources).find((t) => t.credentialsFile === authorization?.credentials_file);
  if (typeof webhook.url !== 'string')
    throw new Error('alertmanager.yml: a webhook_config has no url (url_file has no cluster counterpart here)');
  return {
    url: clusterUrl(webhook.url, sources),
    ...(webhook.send_resolved !== undefined ? { sendResolved: webhook.send_resolved as boolean } : {}),
    ...(webhook.max_alerts !== undefined ? { maxAlerts: webhook.max_alerts as number } : {}),
    ...(webhook.timeout !== undefined ? { timeout: webhook.timeout as string } : {}),
    ...(token
      ? {
          httpConfig: {
            authorization: {
              ...(authorization?.type !== undefined ? { type: authorization.type as string } : {}),
              credentials: { name: token.secret, key: TOKEN_KEY },
            },
          },
        }
      : {}),
  };
}

function toReceiver(receiver: Yaml, sources: Sources): Receiver {
  onlyKeys(`receiver ${String(receiver.name)}`, receiver, ['name', 'webhook_configs']);
  const webhooks = (receiver.webhook_configs ?? []) as Yaml[];
  return { name: receiver.name as string, ...(webhooks.length > 0 ? { webhookConfigs: webhooks.map((w) => toWebhook(w, sources)) } : {}) };
}

function toInhibitRule(rule: Yaml): InhibitRule {
  onlyKeys('an inhibit rule', rule, [
    'source_matchers',
    'target_matchers',
    'source_match',
    'target_match',
    'source_match_re',
    'target_match_re',
    'equal',
  ]);
  return {
    sourceMatch: matchersOf(rule, 'source_'),
    targetMatch: matchersOf(rule, 'target_'),
    ...(rule.equal !== undefined ? { equal: rule.equal as string[] } : {}),
  };
}

export function alertmanagerConfig(sources: Sources): IAlertmanagerConfig {
  const config = sources.alertmanager;
  onlyKeys('the top level', config, ['route', 'receivers', 'inhibit_rules']);
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: ALERTMANAGER_CONFIG_NAME, labels: releaseLabels() },
    spec: {
      route: toRoute(config.route as Yaml),
      receivers: ((config.receivers ?? []) as Yaml[]).map((r) => toReceiver(r, sources)),
      inhibitRules: ((config.inhibit_rules ?? []) as Yaml[]).map(toInhibitRule),
    },
  };
}

// --- and back, for amtool ---

function fromRoute(route: IRoute): Yaml {
  return {
    ...(route.receiver !== undefined ? { receiver: route.receiver } : {}),
    ...(route.groupBy !== undefined ? { group_by: route.groupBy } : {}),
    ...(route.groupWait !== undefined ? { group_wait: route.groupWait } : {}),
    ...(route.groupInterval !== undefined ? { group_interval: route.groupInterval } : {}),
    ...(route.repeatInterval !== undefined ? { repeat_interval: route.repeatInterval } : {}),
    ...(route.matchers !== undefined ? { matchers: route.matchers.map(matcherText) } : {}),
    ...(route.continue !== undefined ? { continue: route.continue } : {}),
    ...(route.muteTimeIntervals !== undefined ? { mute_time_intervals: route.muteTimeIntervals } : {}),
    ...(route.activeTimeIntervals !== undefined ? { active_time_intervals: route.activeTimeIntervals } : {}),
    ...(route.routes !== undefined ? { routes: (route.routes as IRoute[]).map(fromRoute) } : {}),
  };
}

/**
 * An alertmanager.yml holding what the object says, as written: the route before the Operator
 * nests it under the stack's root route and adds its namespace matcher, and the receivers under
 * their own names (the Operator prefixes them with namespace/object/). A token the object takes
 * from a Secret is read from a file named after it, which amtool check-config does not open.
 */
export function alertmanagerYamlOf(object: IAlertmanagerConfig): Yaml {
  const spec = object.spec;
  return {
    route: fromRoute(spec.route ?? {}),
    ...(spec.inhibitRules !== undefined
      ? {
          inhibit_rules: spec.inhibitRules.map((rule) => ({
            source_matchers: (rule.sourceMatch ?? []).map(matcherText),
            target_matchers: (rule.targetMatch ?? []).map(matcherText),
            ...(rule.equal !== undefined ? { equal: rule.equal } : {}),
          })),
        }
      : {}),
    receivers: (spec.receivers ?? []).map((receiver) => ({
      name: receiver.name,
      ...(receiver.webhookConfigs !== undefined
        ? {
            webhook_configs: receiver.webhookConfigs.map((webhook) => ({
              url: webhook.url,
              ...(webhook.sendResolved !== undefined ? { send_resolved: webhook.sendResolved } : {}),
              ...(webhook.maxAlerts !== undefined ? { max_alerts: webhook.maxAlerts } : {}),
              ...(webhook.timeout !== undefined ? { timeout: webhook.timeout } : {}),
              ...(webhook.httpConfig?.authorization?.credentials
                ? {
                    http_config: {
                      authorization: {
                        credentials_file: `/etc/alertmanager/secrets/${webhook.httpConfig.authorization.credentials.name}/${webhook.httpConfig.authorization.credentials.key}`,
                      },
                    },
                  }
                : {}),
            })),
          }
        : {}),
    })),
  };
}

/** alertmanager.yml's route and inhibitions with every matcher in one spelling, to compare with what came back. */
export function canonicalRouting(config: Yaml): { route: Yaml; inhibit_rules: Yaml[] } {
  return {
    route: fromRoute(toRoute(config.route as Yaml)),
    inhibit_rules: ((config.inhibit_rules ?? []) as Yaml[]).map((rule) => {
      const { sourceMatch = [], targetMatch = [], equal } = toInhibitRule(rule);
      return { source_matchers: sourceMatch.map(matcherText), target_matchers: targetMatch.map(matcherText), ...(equal ? { equal } : {}) };
    }),
  };
}
