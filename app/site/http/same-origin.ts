// Browsers send Origin on cross-site form posts and WebSocket handshakes. SameSite=Lax cookies
// already keep sessions out of those; refusing a foreign Origin as well protects browsers and
// proxies that predate SameSite.

/** True when there is no Origin (curl, scripts, same-origin navigations) or it names `host`. */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
