// "These sessions have ended": the one event everything holding on to a session listens for. The
// account service announces every way a session ends (sign-out, sign out everywhere, the oldest
// dropped at MAX_SESSIONS_PER_ACCOUNT, expiry found by the sweep); the socket server closes the web
// chat sockets those sessions opened. Replicas (issue 13) will carry the same event over Valkey
// pub/sub: endSessions publishes it, and what arrives from the bus goes to the same listeners.

/** Why a session ended; the web chat's close reason says which, for the person reading it. */
export type SessionEndReason = 'signed_out' | 'signed_out_everywhere' | 'replaced' | 'expired';

export interface SessionEnd {
  /** Session ids (the sha-256 of the token, as stored; never the token itself). */
  sessionIds: readonly string[];
  reason: SessionEndReason;
}

export interface SessionEnds {
  endSessions(sessionIds: readonly string[], reason: SessionEndReason): void;
  /** Returns the function that stops listening. */
  subscribe(listener: (end: SessionEnd) => void): () => void;
}

export function createSessionEnds(): SessionEnds {
  const listeners = new Set<(end: SessionEnd) => void>();
  return {
    endSessions(sessionIds, reason) {
      if (sessionIds.length === 0) return;
      for (const listener of listeners) listener({ sessionIds, reason });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
