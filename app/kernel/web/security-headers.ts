// Headers every HTML page gets. The CSP allows scripts and styles from this site only (no inline
// script anywhere), and sockets back to the same host.
import type { Context } from 'koa';

export function setPageHeaders(ctx: Context): void {
  const host = ctx.host;
  ctx.set(
    'content-security-policy',
    [
      "default-src 'self'",
      `connect-src 'self' ws://${host} wss://${host}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('referrer-policy', 'same-origin');
  ctx.set('x-frame-options', 'DENY');
}
