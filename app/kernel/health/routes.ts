// Liveness: the process answers. Readiness: it can also reach its database, so a load balancer or
// compose healthcheck only sends traffic to a replica that can serve it.
//
// A dependency the replica can serve without (for the site: the bus between replicas) makes it
// "degraded", not unready: still 200, with the problem named. Every replica shares that dependency,
// so failing readiness on it would take the whole site out of the load balancer at once for what
// is a loss of cross-replica chat and presence, not of the site.
import type { Router } from '@koa/router';
import type { Database } from '../db/open.js';
import type { Logger } from '../logging/logger.js';

/** What is degraded, in words for a person, or undefined when all is well. */
export type DegradationCheck = () => string | undefined;

export interface HealthDeps {
  db: Database;
  log: Logger;
  degradations?: DegradationCheck[];
}

export function addHealthRoutes(router: Router, { db, log, degradations = [] }: HealthDeps): void {
  router.get('/health/live', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  const ping = db.prepare('SELECT 1');
  router.get('/health/ready', (ctx) => {
    try {
      ping.get();
    } catch (error) {
      log.warn('readiness check failed: the database does not answer', { error });
      ctx.status = 503;
      ctx.body = { status: 'unavailable', error: 'The database does not answer.' };
      return;
    }
    const problems = degradations.map((check) => check()).filter((problem) => problem !== undefined);
    ctx.body = problems.length === 0 ? { status: 'ok' } : { status: 'degraded', problems };
  });
}
