// Two routes that misbehave on purpose, so a workshop can watch SlowRequests and HighErrorRate
// fire (prometheus/rules/service-alerts.yml) and the HTTP dashboard's latency and error panels
// move. Mounted only with DEMO_FAULTS=true (the compose stack sets it); without it both paths
// are unmatched 404s like any other. `npm run traffic -- --faults` calls them.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from '../../kernel/logging/logger.js';

export const DEMO_SLOW_PATH = '/demo/slow';
export const DEMO_ERROR_PATH = '/demo/error';
/** Over SlowRequests' 1 s threshold, and under the 2.5 s bucket, so p99 reads about 2.5 s. */
export const DEFAULT_SLOW_SECONDS = 1.5;
/** Keeps a request well inside the client's and the shutdown's patience. */
export const MAX_SLOW_SECONDS = 5;
export const DEMO_ERROR_MESSAGE = 'a deliberate failure, for the HighErrorRate demo';

export function addDemoFaultRoutes(router: Router, { log }: { log: Logger }): void {
  log.warn(
    `DEMO_FAULTS is on: GET ${DEMO_SLOW_PATH} answers slowly and GET ${DEMO_ERROR_PATH} answers 500, on purpose, ` +
      'for the SlowRequests and HighErrorRate demos. Leave DEMO_FAULTS unset outside a workshop.',
    { routes: [DEMO_SLOW_PATH, DEMO_ERROR_PATH] },
  );

  router.get(DEMO_SLOW_PATH, async (ctx) => {
    const seconds = slowSeconds(ctx.query.seconds);
    if (typeof seconds === 'string') return answer(ctx, 400, { error: seconds });
    // A timer, not a busy loop: the other requests on this process are served meanwhile, so only
    // this route's latency rises.
    await sleep(seconds * 1000);
    answer(ctx, 200, { sleptSeconds: seconds });
  });

  // The app's only deliberate 500: everywhere else a 5xx is a bug (see http/errors.ts). Answered
  // here rather than thrown, so the error middleware does not log a stack trace per request.
  router.get(DEMO_ERROR_PATH, (ctx) => answer(ctx, 500, { error: DEMO_ERROR_MESSAGE }));
}

/** The wait in seconds, or what is wrong with the query parameter. */
function slowSeconds(raw: string | string[] | undefined): number | string {
  if (raw === undefined) return DEFAULT_SLOW_SECONDS;
  const text = Array.isArray(raw) ? undefined : raw.trim();
  const value = text !== undefined && /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (value <= MAX_SLOW_SECONDS) return value;
  const got = Array.isArray(raw) ? `${raw.length} values` : JSON.stringify(raw);
  return `seconds must be one number from 0 to ${MAX_SLOW_SECONDS} (e.g. ${DEMO_SLOW_PATH}?seconds=2), got ${got}`;
}

function answer(ctx: Context, status: number, body: object): void {
  ctx.status = status;
  ctx.body = body;
}
