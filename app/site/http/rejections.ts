// The HTTP meaning of a domain rejection (../outcome.ts): its status, and the HttpError the JSON
// API throws for it. The domain's result type knows nothing of HTTP; this is where the two meet.
import { HttpError } from '../../kernel/http/http-error.js';
import type { Rejection, RejectionReason } from '../outcome.js';

const STATUS: Record<RejectionReason, number> = { invalid: 400, unauthorized: 401, conflict: 409, throttled: 429, busy: 429 };

export function statusOf(rejection: Rejection): number {
  return STATUS[rejection.reason];
}

export function toHttpError(rejection: Rejection): HttpError {
  return new HttpError(statusOf(rejection), rejection.message, rejection.fields, retryHeaders(rejection));
}

/** Retry-After for a throttled or busy rejection; none otherwise. */
export function retryHeaders(rejection: Rejection): Record<string, string> | undefined {
  return rejection.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(rejection.retryAfterSeconds) };
}
