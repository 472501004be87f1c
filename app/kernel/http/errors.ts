// Turns errors into responses. Client errors (4xx, including Koa's own and the router's) are answered
// with their message; anything else is logged and answered with a plain 500 that leaks nothing.
// Bad input is a 4xx by construction, so a 500 here is always a bug, and HighErrorRate alerts on it.
import { STATUS_CODES } from 'node:http';
import type { Context, Middleware } from 'koa';
import type { Logger } from '../logging/logger.js';
import { isClientError } from './http-error.js';

export interface ErrorResponder {
  /** Whether this request wants JSON ({error}) rather than an HTML page. */
  wantsJson(ctx: Context): boolean;
  html(status: number, message: string, ctx: Context): string;
}

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on our side. Please try again.';

export function handleErrors(log: Logger, responder: ErrorResponder): Middleware {
  function respond(ctx: Context, status: number, message: string, fields?: Record<string, string>): void {
    ctx.status = status;
    if (responder.wantsJson(ctx)) {
      ctx.body = fields === undefined ? { error: message } : { error: message, fields };
    } else {
      ctx.type = 'html';
      ctx.body = responder.html(status, message, ctx);
    }
  }

  return async function answerErrors(ctx, next) {
    try {
      await next();
      // Nothing answered (no route), or the router answered 405/501 with an empty body.
      if (ctx.status >= 400 && ctx.body == null) respond(ctx, ctx.status, defaultMessage(ctx.status, ctx.path));
    } catch (error) {
      const clientError = isClientError(error);
      if (!clientError) log.error('request failed', { method: ctx.method, path: ctx.path, error });
      // Headers set before the error (cookies, redirects) belong to a response that never happened.
      for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
      if (!clientError) return respond(ctx, 500, INTERNAL_ERROR_MESSAGE);
      // http-errors marks 4xx messages as safe to show; ours (HttpError) are written for the client.
      const message = error.expose === false ? (STATUS_CODES[error.status] ?? 'Bad request') : error.message;
      const { fields, headers } = error as { fields?: Record<string, string>; headers?: Record<string, string> };
      if (headers !== undefined) ctx.set(headers);
      respond(ctx, error.status, message, fields);
    }
  };
}

function defaultMessage(status: number, path: string): string {
  if (status === 404) return `There is nothing at ${path}.`;
  if (status === 405) return 'This method is not allowed here.';
  return `${STATUS_CODES[status] ?? 'Error'}.`;
}
