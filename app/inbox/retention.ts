import type { InboxDatabase } from './database.js';

// Retention: the inbox keeps at most `maxNotifications` notifications, none older than
// `retentionHours`. Each write deletes at most PRUNE_BATCH of the oldest (their alerts go with them,
// ON DELETE CASCADE), so a write's cost stays bounded however far behind retention is; since a write
// adds one notification and may remove PRUNE_BATCH, a backlog (a lowered limit) drains as writes come.
// At start-up, pruneAll catches up completely, in batches.

export const PRUNE_BATCH = 20;

export interface RetentionLimits {
  maxNotifications: number;
  retentionHours: number;
}

export interface Retention {
  /** Deletes up to `batch` notifications past a limit; returns how many it deleted. */
  prune(now: Date, batch?: number): number;
  /** Deletes every notification past a limit, PRUNE_BATCH-sized batch after batch. */
  pruneAll(now: Date): number;
}

export function createRetention(db: InboxDatabase, { maxNotifications, retentionHours }: RetentionLimits): Retention {
  // Ids only grow (INTEGER PRIMARY KEY takes max(id) + 1), so everything at or below the newest id
  // minus maxNotifications is outside the newest maxNotifications: a primary-key range, no count(*).
  const deleteBeyondCount = db.prepare<[number, number], void>(
    `DELETE FROM notifications WHERE id IN (
       SELECT id FROM notifications WHERE id <= (SELECT coalesce(max(id), 0) FROM notifications) - ? ORDER BY id LIMIT ?)`,
  );
  // received_at is ISO 8601 in UTC (toISOString), so text order is time order (index notifications_received_at).
  const deleteOlderThan = db.prepare<[string, number], void>(
    `DELETE FROM notifications WHERE id IN (
       SELECT id FROM notifications WHERE received_at < ? ORDER BY received_at LIMIT ?)`,
  );

  const prune = db.transaction((now: Date, batch: number): number => {
    const byCount = deleteBeyondCount.run(maxNotifications, batch).changes;
    const cutoff = new Date(now.getTime() - retentionHours * 3_600_000).toISOString();
    return byCount + deleteOlderThan.run(cutoff, batch - byCount).changes;
  });

  return {
    prune: (now, batch = PRUNE_BATCH) => prune(now, batch),
    pruneAll(now) {
      let total = 0;
      for (let deleted = prune(now, PRUNE_BATCH); deleted > 0; deleted = prune(now, PRUNE_BATCH)) total += deleted;
      return total;
    },
  };
}
