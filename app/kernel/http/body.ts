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

  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > limitBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    // A client that hangs up mid-body is the client's problem, not a server error.
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'The request body could not be read completely.');
  }
  return Buffer.concat(chunks).toString('utf8');
}
