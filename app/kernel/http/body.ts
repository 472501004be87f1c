// Reading request bodies with a size limit and a required content type. Each problem is a 4xx
// with a message that says what to send instead: 415 wrong type, 413 too big, 400 not parseable.
import type { Context } from 'koa';
import { HttpError } from './http-error.js';

export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

export interface BodyOptions {
  limitBytes?: number;
}

/** Parses a JSON object body. Arrays, strings and `null` are refused: every endpoint takes an object. */
export async function readJsonObject(
  ctx: Context,
  { limitBytes = DEFAULT_BODY_LIMIT_BYTES }: BodyOptions = {},
): Promise<Record<string, unknown>> {
  if (!ctx.is('application/json')) {
    throw new HttpError(415, 'Content-Type must be application/json.');
  }
  const text = await readText(ctx, limitBytes);
  if (text.trim() === '') throw new HttpError(400, 'The request body is empty; send a JSON object.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Parses an HTML form post (application/x-www-form-urlencoded). */
export async function readForm(ctx: Context, { limitBytes = DEFAULT_BODY_LIMIT_BYTES }: BodyOptions = {}): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new HttpError(415, 'Content-Type must be application/x-www-form-urlencoded.');
  }
  return new URLSearchParams(await readText(ctx, limitBytes));
}

async function readText(ctx: Context, limitBytes: number): Promise<string> {
  const tooLarge = (): HttpError => new HttpError(413, `The request body is larger than ${limitBytes} bytes.`);
  // Refuse up front when the client says how much it will send, before reading any of it.
  const declared = Number(ctx.get('content-length') || NaN);
  if (declared > limitBytes) throw tooLarge();
  const charset = ctx.request.charset;
  if (charset !== '' && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, `Only UTF-8 request bodies are accepted, not ${charset}.`);
  }

  return collect(ctx, limitBytes, tooLarge);
}

/**
 * How much of an oversized body is read and thrown away so the 413 arrives on a connection that is
 * still open (and stays usable). Past it the client is told the connection closes, and it is closed.
 */
export const OVERSIZED_DRAIN_BYTES = 1024 * 1024;

/**
 * Reads the body by events, not `for await`: leaving a `for await` early destroys the request, and
 * with it the socket, so a chunked body over the limit got its 413 and then a connection reset.
 * Here, an oversized body is drained (up to OVERSIZED_DRAIN_BYTES) while the 413 goes out.
 */
function collect(ctx: Context, limitBytes: number, tooLarge: () => HttpError): Promise<string> {
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      drain();
      reject(tooLarge());
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    // A client that hangs up mid-body is the client's problem, not a server error.
    const onAborted = (): void => {
      cleanup();
      reject(new HttpError(400, 'The request body could not be read completely.'));
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('aborted', onAborted);
    };
    const drain = (): void => {
      let discarded = 0;
      const discard = (chunk: Buffer): void => {
        discarded += chunk.length;
        if (discarded <= OVERSIZED_DRAIN_BYTES) return;
        req.off('data', discard);
        // Enough: say so in the 413 (when it has not gone yet) and close once it has.
        ctx.res.shouldKeepAlive = false;
        if (ctx.res.writableFinished) req.socket.destroy();
        else ctx.res.once('finish', () => req.socket.destroy());
      };
      req.on('data', discard);
      req.on('error', () => undefined);
      req.resume();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('aborted', onAborted);
  });
}
