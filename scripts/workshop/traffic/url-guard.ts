// The traffic generator registers accounts and floods chat: pointed at someone else's site that is
// abuse. It therefore only talks to this machine (loopback) or to a single-label name, which is what
// a compose service (`http://app:4100`) or a container's host alias looks like.
import { isIP } from 'node:net';

export class UnsafeBaseUrlError extends Error {
  override readonly name = 'UnsafeBaseUrlError';
}

/** Returns the URL's origin when it is a loopback or single-label http(s) URL; throws a clear error otherwise. */
export function assertLocalBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UnsafeBaseUrlError(`--base-url "${baseUrl}" is not a URL; expected e.g. http://127.0.0.1:4100`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeBaseUrlError(`--base-url "${baseUrl}" must use http or https, not ${url.protocol.replace(':', '')}`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new UnsafeBaseUrlError(
      `--base-url "${baseUrl}" must be only scheme, host and port (e.g. http://127.0.0.1:4100), without path, query or credentials`,
    );
  }
  if (!isLocalHost(url.hostname)) {
    throw new UnsafeBaseUrlError(
      `refusing to send traffic to "${url.hostname}": the generator only targets this machine ` +
        `(127.0.0.1, ::1, localhost) or a single-label name such as a compose service ("app").`,
    );
  }
  return url.origin;
}

// `hostname` comes from the WHATWG parser, so numeric forms (2130706433, 0x7f.1) are already dotted quads
// and IPv6 is in brackets.
function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return host !== '' && !host.includes('.');
}
