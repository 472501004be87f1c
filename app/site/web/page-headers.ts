// The site's page headers. The CSP allows scripts and styles from this site only (no inline
// script anywhere), and sockets back to the same host.
import { pageHeaders } from '../../kernel/web/security-headers.js';

export const setPageHeaders = pageHeaders({
  contentSecurityPolicy: ({ host }) => [
    "default-src 'self'",
    `connect-src 'self' ws://${host} wss://${host}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ],
  headers: { 'referrer-policy': 'same-origin', 'x-frame-options': 'DENY' },
});
