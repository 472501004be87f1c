// The session cookie: an opaque random token, HMAC-signed with the session secret, HttpOnly (no
// script can read it) and SameSite=Lax (other sites' forms and sockets do not carry it).
import type { Context } from 'koa';
import { readCookie } from '../http/cookies.js';
import type { ValueSigner } from '../http/signed-value.js';
import { SESSION_TTL_MS } from './service.js';

export const SESSION_COOKIE = 'grapevine_session';

export interface SessionCookie {
  set(ctx: Context, token: string): void;
  clear(ctx: Context): void;
  /** The verified token from a request, or from a raw Cookie header (WebSocket upgrades). */
  read(cookieHeader: string | undefined): string | undefined;
}

export function createSessionCookie(signer: ValueSigner): SessionCookie {
  const options = (ctx: Context) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    // Only over HTTPS when the request came that way (behind a TLS proxy, with TRUST_PROXY on, as its
    // X-Forwarded-Proto says); the workshop runs on plain http://localhost.
    secure: ctx.secure,
    signed: false,
    overwrite: true,
  });
  return {
    set(ctx, token) {
      // A response that hands out a session is nobody's to cache.
      ctx.set('cache-control', 'no-store');
      ctx.cookies.set(SESSION_COOKIE, signer.sign(token), { ...options(ctx), maxAge: SESSION_TTL_MS });
    },
    clear(ctx) {
      ctx.set('cache-control', 'no-store');
      ctx.cookies.set(SESSION_COOKIE, '', { ...options(ctx), maxAge: 0 });
    },
    read(cookieHeader) {
      const value = readCookie(cookieHeader, SESSION_COOKIE);
      return value === undefined || value === '' ? undefined : signer.unsign(value);
    },
  };
}
