// A deliberately tiny jar: one client talks to one origin, so cookies are kept by name only
// (no domain/path matching). It holds whatever the app sets for its session, one or more cookies.

export interface CookieJar {
  /** The `Cookie` request header value, or undefined when the jar is empty. */
  header(): string | undefined;
  /** Takes the `Set-Cookie` headers of a response. */
  store(headers: Headers): void;
  clear(): void;
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  return {
    header() {
      if (cookies.size === 0) return undefined;
      return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    store(headers) {
      for (const line of headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';');
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (value === '' || isExpired(attributes)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
    clear() {
      cookies.clear();
    },
  };
}

// Servers clear a cookie by setting it again with Max-Age=0 or an Expires in the past.
function isExpired(attributes: string[]): boolean {
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=').map((part) => part.trim());
    if (key.toLowerCase() === 'max-age' && Number(value) <= 0) return true;
    if (key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()) return true;
  }
  return false;
}
