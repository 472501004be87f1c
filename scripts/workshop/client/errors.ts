/** The app could not be reached at all (refused, reset, DNS, timeout): distinct from any HTTP status. */
export class GrapevineNetworkError extends Error {
  override readonly name = 'GrapevineNetworkError';
}

/** A socket did not answer in time, closed while a reply was awaited, or refused the upgrade. */
export class GrapevineSocketError extends Error {
  override readonly name = 'GrapevineSocketError';
  /** The HTTP status when the app refused the upgrade (e.g. 401 for a web client without a session). */
  readonly status: number | undefined;
  constructor(message: string, options: ErrorOptions & { status?: number } = {}) {
    super(message, options);
    this.status = options.status;
  }
}

/** The error code Node puts on a failed fetch's `cause` (ECONNREFUSED, ENOTFOUND, ...), if any. */
export function networkCause(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    if (error.name === 'AbortError') return 'aborted';
    const cause = (error as { cause?: unknown }).cause;
    if (cause && typeof cause === 'object') {
      const code = (cause as { code?: unknown }).code;
      if (typeof code === 'string') return code;
      const message = (cause as { message?: unknown }).message;
      if (typeof message === 'string') return message;
    }
    return error.message;
  }
  return String(error);
}
