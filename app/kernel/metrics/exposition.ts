// The /metrics exposition: a listener on its own port, kept off the public site (the site's), so
// scrapes never compete with users for the site's connections and the metrics are not published
// to the internet; and the format negotiation every service's /metrics uses.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { OPENMETRICS_CONTENT_TYPE, renderOpenMetrics } from './openmetrics.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, renderPrometheusText } from './text-format.js';

export { PROMETHEUS_TEXT_CONTENT_TYPE };

export interface MetricsListenerOptions {
  log?: { error(message: string, fields?: Record<string, unknown>): void };
}

export function createMetricsListener(registry: Registry, { log }: MetricsListenerOptions = {}): RequestListener {
  return (request, response) => {
    void serve(registry, request, response).catch((error: unknown) => {
      log?.error('rendering /metrics failed', { error });
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'metrics rendering failed\n');
      else response.destroy();
    });
  };
}

async function serve(registry: Registry, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0];
  if (path !== '/metrics') {
    send(response, 404, 'text/plain; charset=utf-8', 'Not found: metrics are at /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    return;
  }
  const { contentType, body } = await renderMetrics(registry, request.headers.accept);
  send(response, 200, contentType, request.method === 'HEAD' ? '' : body);
}

/** The registry in the format an Accept header asks for: OpenMetrics or the classic text format. Every service's /metrics serves this. */
export async function renderMetrics(registry: Registry, accept: string | undefined): Promise<{ contentType: string; body: string }> {
  return wantsOpenMetrics(accept)
    ? { contentType: OPENMETRICS_CONTENT_TYPE, body: await renderOpenMetrics(registry) }
    : { contentType: PROMETHEUS_TEXT_CONTENT_TYPE, body: await renderPrometheusText(registry) };
}

/**
 * Prometheus asks for OpenMetrics first (with q-values) unless its scrape_protocols say otherwise;
 * curl and browsers send no such type and get the classic text format.
 */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let openMetrics = 0;
  let text = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = Number(params.find((param) => param.startsWith('q='))?.slice(2) ?? '1');
    const quality = Number.isFinite(q) ? q : 0;
    if (type === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, quality);
    else if (type === 'text/plain') text = Math.max(text, quality);
  }
  return openMetrics > 0 && openMetrics >= text;
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
