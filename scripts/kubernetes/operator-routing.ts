// What the Prometheus Operator makes of an AlertmanagerConfig inside the Alertmanager's config,
// modelled so amtool can test it: the object's route becomes a child of the root route with a
// `namespace="<its namespace>"` matcher and `continue: true`, its inhibitions get the same matcher
// on both sides, and its receivers are renamed <namespace>/<object>/<receiver>. The root here is
// kube-prometheus-stack's default: receiver "null", grouping by namespace.
import type { RouteCase } from '../config-checks/alertmanager.js';
import { NAMESPACE } from './settings.js';

type Yaml = Record<string, unknown>;

export const STACK_ROOT_RECEIVER = 'null';

const namespaced = (object: string, receiver: string): string => `${NAMESPACE}/${object}/${receiver}`;
const namespaceMatcher = `namespace=${JSON.stringify(NAMESPACE)}`;

function renameReceivers(route: Yaml, object: string): Yaml {
  return {
    ...route,
    ...(typeof route.receiver === 'string' ? { receiver: namespaced(object, route.receiver) } : {}),
    ...(Array.isArray(route.routes) ? { routes: (route.routes as Yaml[]).map((child) => renameReceivers(child, object)) } : {}),
  };
}

/** An alertmanager.yml as the Operator would write it from the stack's root and this one object. */
export function asTheOperatorMountsIt(config: Yaml, object: string): Yaml {
  const route = renameReceivers(config.route as Yaml, object);
  const matchers = ((route.matchers ?? []) as string[]).filter((m) => !/^namespace\s*(=|=~)/.test(m));
  return {
    route: {
      receiver: STACK_ROOT_RECEIVER,
      group_by: ['namespace'],
      routes: [{ ...route, matchers: [namespaceMatcher, ...matchers], continue: true }],
    },
    inhibit_rules: ((config.inhibit_rules ?? []) as Yaml[]).map((rule) => ({
      ...rule,
      source_matchers: [namespaceMatcher, ...((rule.source_matchers ?? []) as string[])],
      target_matchers: [namespaceMatcher, ...((rule.target_matchers ?? []) as string[])],
    })),
    receivers: [
      { name: STACK_ROOT_RECEIVER },
      ...((config.receivers ?? []) as Yaml[]).map((receiver) => ({ ...receiver, name: namespaced(object, receiver.name as string) })),
    ],
  };
}

/**
 * The route cases for that config: each alert from our namespace (with the label the generator
 * adds to every alert) reaches its receiver under the Operator's name; and the same alert without
 * a namespace label never reaches ours, which is why the label is added.
 */
export function casesAsTheOperatorRoutesThem(cases: RouteCase[], object: string): RouteCase[] {
  return cases.flatMap((routeCase) => [
    {
      name: `${routeCase.name}, from namespace ${NAMESPACE}`,
      labels: { ...routeCase.labels, namespace: NAMESPACE },
      receivers: routeCase.receivers.map((receiver) => namespaced(object, receiver)),
    },
    { name: `${routeCase.name}, with no namespace label`, labels: routeCase.labels, receivers: [STACK_ROOT_RECEIVER] },
  ]);
}
