import { createCookieJar } from './cookie-jar.js';
import { GrapevineNetworkError, networkCause } from './errors.js';
import type { Account, ApiResponse, CreatedGame, Credentials, GameList, Registration } from './types.js';

export interface ClientOptions {
  /** Per request; a hung app should fail a test, not stall it. Default 10 s. */
  timeoutMs?: number;
  /** Aborts every request of this client (the traffic generator stops with it). */
  signal?: AbortSignal;
}

export interface RequestOptions {
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is; for malformed-body tests. Ignored when `json` is given. */
  body?: string;
  headers?: Record<string, string>;
}

export interface GrapevineClient {
  readonly baseUrl: string;
  /** The `Cookie` header this client sends (its session), for `openWebClient`; undefined when signed out. */
  cookie(): string | undefined;
  register(registration: Registration): Promise<ApiResponse<Account>>;
  signIn(credentials: Credentials): Promise<ApiResponse<Account>>;
  signOut(): Promise<ApiResponse<undefined>>;
  createGame(game: { name: string }): Promise<ApiResponse<CreatedGame>>;
  listGames(): Promise<ApiResponse<GameList>>;
  health(probe?: 'live' | 'ready'): Promise<ApiResponse<unknown>>;
  /** Any other request (pages, unmatched paths, bad bodies), with this client's cookies. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export function createGrapevineClient(baseUrl: string, options: ClientOptions = {}): GrapevineClient {
  const origin = new URL(baseUrl).origin;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const jar = createCookieJar();

  async function request<T>(method: string, path: string, init: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(path, origin);
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    const cookie = jar.header();
    if (cookie !== undefined) headers.cookie = cookie;
    let body: string | undefined = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
      text = await response.text();
    } catch (error) {
      throw new GrapevineNetworkError(`${method} ${url.href} failed: ${networkCause(error)} (is the app running at ${origin}?)`, {
        cause: error,
      });
    }
    jar.store(response.headers);
    return { status: response.status, body: parseBody<T>(response, text), headers: response.headers };
  }

  return {
    baseUrl: origin,
    cookie: () => jar.header(),
    register: (registration) => request<Account>('POST', '/api/accounts', { json: registration }),
    signIn: (credentials) => request<Account>('POST', '/api/sessions', { json: credentials }),
    async signOut() {
      const response = await request<undefined>('DELETE', '/api/sessions');
      // Signed out whatever the app's Set-Cookie said: later requests of this client are anonymous.
      jar.clear();
      return response;
    },
    createGame: (game) => request<CreatedGame>('POST', '/api/games', { json: game }),
    listGames: () => request<GameList>('GET', '/api/games'),
    health: (probe = 'ready') => request('GET', `/health/${probe}`),
    request,
  };
}

function parseBody<T>(response: Response, text: string): ApiResponse<T>['body'] {
  if (text === '') return undefined;
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
    try {
      return JSON.parse(text) as T;
    } catch {
      return text;
    }
  }
  return text;
}
