// The site's page headers. The CSP allows scripts and styles from this site only (no inline
// script anywhere), and sockets back to this site: to PUBLIC_ORIGIN when it is set, else 'self'
// (which CSP Level 3 browsers take to cover ws: and wss: to the same host). Never the Host header:
// a client chooses that.
import type { Context } from 'koa';
import { pageHeaders } from '../../kernel/web/security-headers.js';

/** The CSP's connect-src: 'self', and the socket origin of PUBLIC_ORIGIN when there is one. */
export function connectSources(publicOrigin: string | undefined): string {
  if (publicOrigin === undefined) return "connect-src 'self'";
  const socketOrigin = publicOrigin.replace(/^http/, 'ws');
  return `connect-src 'self' ${socketOrigin}`;
}

const byOrigin = new Map<string | undefined, (ctx: Context) => void>();

/** Sets the page headers; `publicOrigin` is PUBLIC_ORIGIN (undefined when unset). */
export function setPageHeaders(ctx: Context, publicOrigin?: string): void {
  let set = byOrigin.get(publicOrigin);
  if (set === undefined) {
    set = pageHeadersFor(publicOrigin);
    byOrigin.set(publicOrigin, set);
  }
  set(ctx);
}

const pageHeadersFor = (publicOrigin: string | undefined): ((ctx: Context) => void) =>
  pageHeaders({
    contentSecurityPolicy: [
      "default-src 'self'",
      connectSources(publicOrigin),
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ],
    headers: { 'referrer-policy': 'same-origin', 'x-frame-options': 'DENY' },
  });
