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
import { DEFAULT_LIST_LIMIT, olderPageQuery, parseListQuery, toApiNotification } from './api.js';
import type { InboxConfig } from './config.js';
import type { InboxDatabase } from './database.js';
import { createInboxMetrics, type RejectionReason } from './metrics.js';
import { PAGE_ALERTS_PER_NOTIFICATION, PAGE_NOTIFICATION_LIMIT, renderInboxPage } from './page.js';
import { createNotificationRepository } from './repository.js';
import { createRetention } from './retention.js';
import { describeErrors, validateWebhookPayload } from './validate.js';
import { hasBearerToken } from './webhook-token.js';

export type InboxAppConfig = Pick<
  InboxConfig,
  'bodyLimitBytes' | 'maxAlertsPerNotification' | 'maxNotifications' | 'retentionHours' | 'duplicateWindowSeconds'
>;

export interface InboxDependencies {
  config: InboxAppConfig;
  /** The bearer token POST /webhook requires (main.ts reads it from INBOX_WEBHOOK_TOKEN_FILE). */
  webhookToken: string;
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

// Says how to get it right without naming the file's path to whoever is asking.
const UNAUTHORIZED_MESSAGE =
  'POST /webhook needs the inbox\'s token: send "Authorization: Bearer <token>", the token being the contents of ' +
  "the inbox's token file (INBOX_WEBHOOK_TOKEN_FILE; the inbox logs its path at start-up).";

/** A refusal whose metric reason is not the one its status implies (413 for too many alerts). */
class WebhookRefusal extends HttpError {
  constructor(
    status: number,
    message: string,
    readonly reason: RejectionReason,
    headers?: Record<string, string>,
  ) {
    super(status, message, undefined, headers);
  }
}

function rejectionReason(error: { status: number }): RejectionReason {
  if (error instanceof WebhookRefusal) return error.reason;
  if (error.status === 413) return 'too_large';
  if (error.status === 415) return 'unsupported_media_type';
  return 'invalid';
}

/** Builds the inbox as a Koa app. It reads no environment and opens no port: main.ts does that. */
export function createInbox({ config, webhookToken, db, registry, log = createLogger(), clock = systemClock }: InboxDependencies): Koa {
  const repository = createNotificationRepository(db);
  const retention = createRetention(db, config);
  const metrics = createInboxMetrics(registry);
  const router = new Router();

  router.post('/webhook', async (ctx) => {
    try {
      // Before anything is read: a request without the token costs no body parsing and no database.
      if (!hasBearerToken(ctx.get('Authorization') || undefined, webhookToken)) {
        // Its body is not read; closing the connection after the 401 means it is not read later either.
        ctx.res.shouldKeepAlive = false;
        throw new WebhookRefusal(401, UNAUTHORIZED_MESSAGE, 'unauthorized', { 'WWW-Authenticate': 'Bearer realm="alert inbox"' });
      }
      // Koa does not inflate bodies; Alertmanager never compresses, so refuse rather than misread.
      const encoding = ctx.get('Content-Encoding');
      if (encoding !== '' && encoding.toLowerCase() !== 'identity') {
        throw new HttpError(415, `Compressed bodies are not accepted (Content-Encoding: ${encoding}).`);
      }
      const body = await readJsonObject(ctx, { limitBytes: config.bodyLimitBytes });
      // Counted before validating them all: the cap is also what bounds a request's validation work.
      if (Array.isArray(body.alerts) && body.alerts.length > config.maxAlertsPerNotification) {
        throw new WebhookRefusal(
          413,
          `A notification may hold at most ${config.maxAlertsPerNotification} alerts, this one has ${body.alerts.length}: ` +
            `set the webhook's max_alerts to ${config.maxAlertsPerNotification} (Alertmanager then reports the rest in truncatedAlerts).`,
          'too_many_alerts',
        );
      }
      const result = validateWebhookPayload(body);
      if (!result.ok) throw new HttpError(400, describeErrors(result.errors));
      const now = clock.now();
      const stored = repository.save(result.payload, now, config.duplicateWindowSeconds);
      retention.prune(now);
      metrics.notificationReceived(stored.status);
      if (stored.duplicateOf !== null) metrics.duplicateReceived();
      ctx.status = 201;
      ctx.body = { id: stored.id, duplicateOf: stored.duplicateOf };
    } catch (error) {
      // Only the sender's mistakes count as rejections; a failing database is a logged 500.
      if (isClientError(error)) metrics.webhookRejected(rejectionReason(error));
      throw error;
    }
  });

  router.get('/api/notifications', (ctx) => {
    const query = parseListQuery(ctx.query);
    if (!query.ok) throw new HttpError(400, query.error);
    const { limit, before } = query.value;
    const page = repository.listPage({ before, limit });
    const older = olderPageQuery(page.notifications, page.hasOlder, limit, DEFAULT_LIST_LIMIT);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      notifications: page.notifications.map(toApiNotification),
      ...(older === undefined ? {} : { next: `/api/notifications${older}` }),
    };
  });

  router.get('/', (ctx) => {
    const query = parseListQuery(ctx.query, PAGE_NOTIFICATION_LIMIT);
    if (!query.ok) throw new HttpError(400, query.error);
    const { limit, before } = query.value;
    const page = repository.listPage({ before, limit, alertsEach: PAGE_ALERTS_PER_NOTIFICATION });
    setPageHeaders(ctx);
    ctx.type = 'html';
    ctx.body = renderInboxPage(
      {
        notifications: page.notifications,
        before,
        olderQuery: olderPageQuery(page.notifications, page.hasOlder, limit, PAGE_NOTIFICATION_LIMIT),
      },
      clock.now(),
    );
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
