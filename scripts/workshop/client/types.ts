// Shapes of the Grapevine JSON API and socket protocol as the app serves them (see index.ts).
// Kept apart from the app's own types on purpose: the client checks the contract from the outside.

export interface ApiError {
  error: string;
}

/** Every HTTP method resolves to this, whatever the status: callers assert on it. */
export interface ApiResponse<T> {
  status: number;
  /** Parsed JSON when the response says it is JSON, the text otherwise, undefined for an empty body. */
  body: T | ApiError | string | undefined;
  headers: Headers;
}

export interface Account {
  id: number | string;
  username: string;
}

export interface Registration {
  username: string;
  email: string;
  password: string;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface CreatedGame {
  id: number | string;
  name: string;
  clientId: string;
  clientSecret: string;
}

export interface GameListing {
  id: number | string;
  name: string;
  online: boolean;
}

export interface GameList {
  games: GameListing[];
}

/** A frame on either socket: `{event, ref?, payload?}`, and on replies `status` / `error`. */
export interface Frame {
  event: string;
  ref?: string | number;
  payload?: unknown;
  status?: 'success' | 'failure';
  error?: string;
}

export interface Reply extends Frame {
  status: 'success' | 'failure';
}

export interface Broadcast {
  channel: string;
  game?: string;
  name?: string;
  message: string;
}
