// The socket protocol's frames: `{event, ref?, payload?}` in, replies
// `{event, ref, status: "success"}` or `{event, ref, status: "failure", error}` out.
import type { RawData } from 'ws';

export type Ref = string | number;

export interface Frame {
  event: string;
  ref?: Ref;
  payload: Record<string, unknown>;
}

export interface Reply {
  event: string;
  ref?: Ref;
  status: 'success' | 'failure';
  error?: string;
  payload?: Record<string, unknown>;
}

export type Parsed = { ok: true; frame: Frame } | { ok: false; event: string; ref?: Ref; error: string };

export const INVALID_FRAME_EVENT = 'error';

/** Channel names as Grapevine has them: short, lowercase-friendly, no spaces. */
export const CHANNEL_PATTERN = /^[A-Za-z0-9_-]{3,15}$/;
export const MESSAGE_MAX = 500;
export const PLAYER_NAME_MAX = 40;

export function parseFrame(data: RawData, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, event: INVALID_FRAME_EVENT, error: 'frames must be JSON text, not binary' };
  let value: unknown;
  try {
    value = JSON.parse(rawToString(data));
  } catch {
    return { ok: false, event: INVALID_FRAME_EVENT, error: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, event: INVALID_FRAME_EVENT, error: 'frame must be a JSON object like {"event": "...", "payload": {...}}' };
  }
  const { event, ref, payload } = value as Record<string, unknown>;
  const validRef = typeof ref === 'string' || (typeof ref === 'number' && Number.isFinite(ref)) ? ref : undefined;
  const withRef = validRef === undefined ? {} : { ref: validRef };
  if (typeof event !== 'string' || event === '') {
    return { ok: false, event: INVALID_FRAME_EVENT, ...withRef, error: 'frame needs an "event" string' };
  }
  if (ref !== undefined && ref !== null && validRef === undefined) {
    return { ok: false, event, error: '"ref" must be a string or a number' };
  }
  if (payload !== undefined && payload !== null && (typeof payload !== 'object' || Array.isArray(payload))) {
    return { ok: false, event, ...withRef, error: '"payload" must be a JSON object' };
  }
  return { ok: true, frame: { event, ...withRef, payload: (payload ?? {}) as Record<string, unknown> } };
}

export function success(frame: { event: string; ref?: Ref }, payload?: Record<string, unknown>): Reply {
  return { event: frame.event, ...refOf(frame), status: 'success', ...(payload === undefined ? {} : { payload }) };
}

export function failure(frame: { event: string; ref?: Ref }, error: string): Reply {
  return { event: frame.event, ...refOf(frame), status: 'failure', error };
}

const MXP_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[\\d*z`, 'g');

/**
 * Channel text as Grapevine relays it: MXP escapes (ESC [ n z) and MXP/HTML tags (`<b>`, `<send href=...>`)
 * removed, so a game that forgot to strip its markup does not paint it on every other game's screen.
 */
export function stripMarkup(text: string): string {
  return text
    .replace(MXP_ESCAPE, '')
    .replace(/<\/?[A-Za-z!][^<>]*>/g, '')
    .trim();
}

export function checkChannel(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'payload.channel is required';
  if (!CHANNEL_PATTERN.test(value)) return 'channel names are 3-15 letters, digits, _ or -';
  return undefined;
}

export function checkMessage(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'payload.message is required';
  if (value.length > MESSAGE_MAX) return `messages are at most ${MESSAGE_MAX} characters`;
  return undefined;
}

export function checkPlayerName(value: unknown, field = 'payload.name'): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return `${field} is required`;
  if (value.length > PLAYER_NAME_MAX) return `player names are at most ${PLAYER_NAME_MAX} characters`;
  return undefined;
}

function refOf(frame: { ref?: Ref }): { ref?: Ref } {
  return frame.ref === undefined ? {} : { ref: frame.ref };
}

/** A ws message as text, whichever of its three shapes ws hands over. */
export function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
