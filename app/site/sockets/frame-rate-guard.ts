// Applies a socket's frame rate limit the same way on game and web sockets: a frame over the rate
// gets a failure reply (ref or not, so the client knows why nothing happened) and a socket that
// keeps on is closed with 4429.
import type { GrapevineTelemetry } from '../telemetry/events.js';
import { CLOSE_RATE_LIMITED, type Connection } from './connection.js';
import type { SocketLimits } from './limits.js';
import { failure, type Ref } from './protocol.js';
import { createFrameRateLimiter, rateLimitMessage } from './rate-limit.js';

/** True when the frame may be handled; false when it was refused (and answered) for rate. */
export type FrameRateGuard = (frame: { event: string; ref?: Ref }) => boolean;

export function guardFrameRate(connection: Connection, telemetry: GrapevineTelemetry, limits: SocketLimits): FrameRateGuard {
  const limiter = createFrameRateLimiter({
    perSecond: limits.messagesPerSecond,
    burst: limits.messageBurst,
    refusalsBeforeClose: limits.rateRefusalsBeforeClose,
  });
  const message = rateLimitMessage(limits.messagesPerSecond, limits.messageBurst);
  return (frame) => {
    const verdict = limiter.check();
    if (verdict === 'accept') return true;
    telemetry.emit('grapevine.sockets.refused', { reason: 'message_rate' });
    connection.reply(failure(frame, message));
    if (verdict === 'close') {
      telemetry.emit('grapevine.sockets.refused', { reason: 'message_rate_close' });
      connection.close(CLOSE_RATE_LIMITED, `rate limit exceeded ${limits.rateRefusalsBeforeClose} times in a minute`);
    }
    return false;
  };
}
