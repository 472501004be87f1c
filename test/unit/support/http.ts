// Small fetch wrappers: JSON in, status + parsed body + headers out, cookies carried by hand.

export interface Result<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestInit {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  cookie?: string;
}

export async function request<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  init: RequestInit = {},
): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  if (init.cookie !== undefined) headers.cookie = init.cookie;
  const response = await fetch(new URL(path, base), { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** `name=value` of the session cookie a response set, for the Cookie header of later requests. */
export function sessionCookieOf(result: { headers: Headers }): string {
  const cookie = result.headers.getSetCookie().find((value) => value.startsWith('grapevine_session='));
  if (cookie === undefined) throw new Error('no session cookie was set');
  return cookie.split(';', 1)[0] ?? '';
}

/** A URL-encoded form post, as a browser sends it. */
export function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
  };
}
