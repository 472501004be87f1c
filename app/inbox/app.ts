import Koa from 'koa';
import { Router } from '@koa/router';
import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../kernel/clock.js';
import { addHealthRoutes } from '../kernel/health/routes.js';
import { readJsonObject } from '../kernel/http/body.js';
import { handleErrors } from '../kernel/http/errors.js';
import { HttpError, isClientError } from '../kernel/http/http-error.js';
import { createLogger, type Logger } from '../kernel/logging/logger.js';
import { renderMetrics } from '../kernel/metrics/exposition.js';
import { escapeHtml } from '../kernel/web/html.js';
import { pageHeaders } from '../kernel/web/security-headers.js';
import { parseLimit, toApiNotification } from './api.js';
import type { InboxConfig } from './config.js';
import type { InboxDatabase } from './database.js';
import { createInboxMetrics } from './metrics.js';
import { PAGE_NOTIFICATION_LIMIT, renderInboxPage } from './page.js';
import { createNotificationRepository } from './repository.js';
import { describeErrors, validateWebhookPayload } from './validate.js';

export interface InboxDependencies {
  config: Pick<InboxConfig, 'bodyLimitBytes'>;
  db: InboxDatabase;
  /** The inbox registers its counters here; main.ts creates it with the default metrics. */
  registry: Registry;
  /** Server errors and failed readiness checks; JSON lines on stdout/stderr by default. */
  log?: Logger;
  clock?: Clock;
}

// No script, no frames, no forms: the page is inert HTML, so even a value that slipped past
// escaping could not run. Inline styles are the only thing it needs. Never cached: it is live.
const setPageHeaders = pageHeaders({
  contentSecurityPolicy: [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ],
  headers: { 'cache-control': 'no-store' },
});

/** Builds the inbox as a Koa app. It reads no environment and opens no port: main.ts does that. */
export function createInbox({ config, db, registry, log = createLogger(), clock = systemClock }: InboxDependencies): Koa {
  const repository = createNotificationRepository(db);
  const metrics = createInboxMetrics(registry);
  const router = new Router();

  router.post('/webhook', async (ctx) => {
    try {
      // Koa does not inflate bodies; Alertmanager never compresses, so refuse rather than misread.
      const encoding = ctx.get('Content-Encoding');
      if (encoding !== '' && encoding.toLowerCase() !== 'identity') {
        throw new HttpError(415, `Compressed bodies are not accepted (Content-Encoding: ${encoding}).`);
      }
      const body = await readJsonObject(ctx, { limitBytes: config.bodyLimitBytes });
      const result = validateWebhookPayload(body);
      if (!result.ok) throw new HttpError(400, describeErrors(result.errors));
      const stored = repository.save(result.payload, clock.now());
      metrics.notificationReceived(stored.status);
      ctx.status = 201;
      ctx.body = { id: stored.id };
    } catch (error) {
      // Only the sender's mistakes count as rejections; a failing database is a logged 500.
      if (isClientError(error)) metrics.webhookRejected();
      throw error;
    }
  });

  router.get('/api/notifications', (ctx) => {
    const limit = parseLimit(ctx.query.limit);
    if (!limit.ok) throw new HttpError(400, limit.error);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { notifications: repository.listNewest(limit.limit).map(toApiNotification) };
  });

  router.get('/', (ctx) => {
    setPageHeaders(ctx);
    ctx.type = 'html';
    ctx.body = renderInboxPage(repository.listNewest(PAGE_NOTIFICATION_LIMIT), clock.now());
  });

  // The same exposition as the app's metrics listener: OpenMetrics when Prometheus asks for it.
  router.get('/metrics', async (ctx) => {
    const { contentType, body } = await renderMetrics(registry, ctx.get('Accept') || undefined);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = contentType;
    ctx.body = body;
  });

  addHealthRoutes(router, { db, log });

  const app = new Koa();
  app.use(
    handleErrors(log, {
      // Only the page is for people; everything else (webhook, API, health) answers {error}.
      wantsJson: (ctx) => ctx.path !== '/',
      html: (status, message, ctx) => {
        setPageHeaders(ctx);
        return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Alert inbox: error ${status}</title><h1>Alert inbox</h1><p>${escapeHtml(message)}</p></html>\n`;
      },
    }),
  );
  app.use(router.routes());
  app.use(router.allowedMethods());
  // Errors Koa itself catches (a broken response stream); request errors are handled above.
  app.on('error', (error: unknown) => log.error('inbox response failed', { error }));
  return app;
}
