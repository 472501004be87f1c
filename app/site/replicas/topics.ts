// The topics the site's replicas exchange on the bus. A closed list, so the bus metrics' `topic`
// label is bounded and every series exists from start-up.
export const BUS_TOPICS = {
  /** Who is online on each replica (presence-exchange.ts). */
  presence: 'presence',
  /** Chat lines sent on channels. */
  channels: 'channels',
  /** Server-started frames for games: players/sign-in and -out, games/connect and -disconnect. */
  notices: 'notices',
  /** tells/send to a game whose socket is on another replica. */
  tells: 'tells',
  /** Sessions that ended (sign-out, expiry, revoked), whose web sockets every replica closes. */
  sessions: 'sessions',
} as const;

export type BusTopic = (typeof BUS_TOPICS)[keyof typeof BUS_TOPICS];
