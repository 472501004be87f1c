// "These sessions ended" on every replica: a user who signs out through one replica has their web
// chat sockets closed on all of them (the chat page may be connected to any replica).
import type { Bus } from '../../kernel/bus/bus.js';
import type { SessionEnd, SessionEnds } from '../accounts/session-ends.js';
import { createRelay } from './relay.js';
import { BUS_TOPICS } from './topics.js';

export function replicateSessionEnds(local: SessionEnds, bus: Bus): SessionEnds & { close(): void } {
  const relay = createRelay<SessionEnd>(bus, BUS_TOPICS.sessions, ({ sessionIds, reason }) => local.endSessions(sessionIds, reason));
  return {
    endSessions(sessionIds, reason) {
      local.endSessions(sessionIds, reason);
      if (sessionIds.length > 0) relay.publish({ sessionIds, reason });
    },
    subscribe: (listener) => local.subscribe(listener),
    close: () => relay.close(),
  };
}
