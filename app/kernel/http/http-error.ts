// Errors that carry the HTTP status and a message meant for the client. The error middleware
// answers these as they are; anything else is a bug and becomes a 500 with no details.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Per-field messages for forms, e.g. {username: 'Username is required.'}. */
    readonly fields?: Readonly<Record<string, string>>,
    /** Headers the error response carries, e.g. Retry-After on a 429. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function isClientError(error: unknown): error is { status: number; message: string; expose?: boolean } {
  if (typeof error !== 'object' || error === null) return false;
  const { status } = error as { status?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500;
}
