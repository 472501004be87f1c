// What domain operations return instead of throwing for expected failures (bad input, a taken
// name, wrong credentials). The JSON API turns a rejection into a status and {error}; the pages
// turn it into a form with the messages next to the fields (http/rejections.ts maps a reason to
// its status).

/** throttled: too many attempts for this account or address; busy: the password queue is full. Both
 * are 429s with Retry-After (busy not a 503: a flood of bogus sign-ins is the client's doing, and must not page as HighErrorRate). */
export type RejectionReason = 'invalid' | 'conflict' | 'unauthorized' | 'throttled' | 'busy';

export interface Rejection {
  ok: false;
  reason: RejectionReason;
  /** One sentence or a few, written for the person who sent the input. */
  message: string;
  /** Messages per form field, when the problem belongs to fields. */
  fields?: Readonly<Record<string, string>>;
  /** throttled and busy: when trying again may work (the Retry-After header). */
  retryAfterSeconds?: number;
}

export type Outcome<T> = { ok: true; value: T } | Rejection;

export function reject(reason: RejectionReason, message: string, fields?: Record<string, string>): Rejection {
  return fields === undefined ? { ok: false, reason, message } : { ok: false, reason, message, fields };
}

/** Rejection from per-field problems; the message lists them all, in field order. */
export function rejectFields(fields: Record<string, string>): Rejection {
  return reject('invalid', Object.values(fields).join(' '), fields);
}
