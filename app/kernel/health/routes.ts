// Liveness: the process answers. Readiness: it can also reach its database, so a load balancer
// or compose healthcheck only sends traffic to a replica that can serve it.
import type { Router } from '@koa/router';
import type { Database } from '../db/open.js';
import type { Logger } from '../logging/logger.js';

export function addHealthRoutes(router: Router, { db, log }: { db: Database; log: Logger }): void {
  router.get('/health/live', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  const ping = db.prepare('SELECT 1');
  router.get('/health/ready', (ctx) => {
    try {
      ping.get();
      ctx.body = { status: 'ok' };
    } catch (error) {
      log.warn('readiness check failed: the database does not answer', { error });
      ctx.status = 503;
      ctx.body = { status: 'unavailable', error: 'The database does not answer.' };
    }
  });
}
