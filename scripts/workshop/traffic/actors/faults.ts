// With --faults, the probers also call the app's deliberately slow and failing routes
// (app/site/demo/faults.ts, mounted by DEMO_FAULTS=true), so the workshop sees SlowRequests and
// HighErrorRate fire. Their slow 200s and their 500s are what was asked for, so they are expected.
import type { GrapevineClient } from '../../client/index.js';
import type { RunContext } from '../context.js';

export const slowKind = 'GET /demo/slow (--faults)';
export const errorKind = 'GET /demo/error (--faults)';

/**
 * HighErrorRate fires once over 5% of the app's HTTP requests are 5xx for 2 minutes. Twice that,
 * counted against the requests this run sent rather than set as a fixed weight: how many requests
 * the people make beside the probers depends on --rate and --users, and a fixed share of the
 * probers' requests would land near the threshold in one run and far above it in another.
 */
export const deliberateErrorShare = 0.1;

/**
 * SlowRequests reads each route's own p99 over the last minute: a minute without a slow request
 * has no p99 at all, which resets the alert's 5-minute `for`. A steady one per prober every 10 s
 * never leaves such a gap, and random draws at a low --rate could.
 */
export const slowEveryMs = 10_000;

export type Fault = (ctx: RunContext, client: GrapevineClient) => Promise<void>;

/** For one prober: which fault its next request should be, or undefined for an ordinary probe. */
export function createFaultSchedule(ctx: RunContext): () => Fault | undefined {
  let nextSlowAt = performance.now();
  return () => {
    if (!ctx.options.faults) return undefined;
    const { httpRequests, deliberateErrors } = ctx.recorder.snapshot();
    if (deliberateErrors < deliberateErrorShare * httpRequests) return deliberateError;
    if (performance.now() < nextSlowAt) return undefined;
    nextSlowAt = performance.now() + slowEveryMs;
    return slowRequest;
  };
}

async function slowRequest(ctx: RunContext, client: GrapevineClient): Promise<void> {
  const response = await ctx.http(slowKind, [200], () => client.request('GET', `/demo/slow?seconds=${ctx.options.slowSeconds}`));
  if (response?.status === 200) ctx.recorder.count('slowAnswers');
}

async function deliberateError(ctx: RunContext, client: GrapevineClient): Promise<void> {
  const response = await ctx.http(errorKind, [500], () => client.request('GET', '/demo/error'));
  if (response?.status === 500) ctx.recorder.count('deliberateErrors');
}

export class FaultRoutesMissingError extends Error {
  override readonly name = 'FaultRoutesMissingError';
}

/**
 * --faults against an app without DEMO_FAULTS would send nothing but 404s, and no alert would fire:
 * one request before the run says so at once, not in the summary minutes later. Not recorded, so the
 * app counts one more /demo/slow request than the summary.
 */
export async function assertFaultRoutes(client: GrapevineClient): Promise<void> {
  const { status } = await client.request('GET', '/demo/slow?seconds=0');
  if (status === 200) return;
  throw new FaultRoutesMissingError(
    status === 404
      ? `--faults calls ${client.baseUrl}/demo/slow and /demo/error, but the app answers 404 there: it runs without ` +
          'DEMO_FAULTS. Start it with DEMO_FAULTS=true (the compose stack sets it), or leave out --faults.'
      : `--faults: ${client.baseUrl}/demo/slow?seconds=0 answered HTTP ${status}, expected 200`,
  );
}
