import type { ApiError, ApiResponse } from './types.js';

/** True when a body is the API's `{error}` shape. */
export function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && typeof (body as ApiError).error === 'string';
}

/**
 * Returns the body typed as the success shape when the status is one of `expected`, and throws an error
 * naming the request's actual status and body otherwise: the one place a caller narrows a response.
 */
export function expectStatus<T>(response: ApiResponse<T>, expected: number | readonly number[], what = 'request'): T {
  const allowed = typeof expected === 'number' ? [expected] : expected;
  if (!allowed.includes(response.status)) {
    const body = typeof response.body === 'string' ? response.body.slice(0, 200) : JSON.stringify(response.body);
    throw new Error(`${what}: expected status ${allowed.join(' or ')}, got ${response.status} ${body ?? ''}`.trim());
  }
  return response.body as T;
}
