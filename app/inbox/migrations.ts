import type { Migration } from '../kernel/db/migrate.js';

// The inbox's own schema (its own file, inbox.sqlite), run by the app's migrate(): append a
// migration to change it, never edit one a deployed inbox has run.
export const inboxMigrations: readonly Migration[] = [
  {
    id: 1,
    // One row per webhook call, one row per alert in it. Label sets are kept as JSON text:
    // the inbox shows them and never queries inside them.
    name: 'notifications',
    sql: `CREATE TABLE notifications (
     id                  INTEGER PRIMARY KEY,
     received_at         TEXT    NOT NULL,
     receiver            TEXT    NOT NULL,
     status              TEXT    NOT NULL CHECK (status IN ('firing', 'resolved')),
     group_key           TEXT    NOT NULL,
     truncated_alerts    INTEGER NOT NULL,
     group_labels        TEXT    NOT NULL,
     common_labels       TEXT    NOT NULL,
     common_annotations  TEXT    NOT NULL,
     external_url        TEXT    NOT NULL,
     notification_reason TEXT
   );
   CREATE TABLE alerts (
     id                  INTEGER PRIMARY KEY,
     notification_id     INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
     position            INTEGER NOT NULL,
     status              TEXT    NOT NULL CHECK (status IN ('firing', 'resolved')),
     labels              TEXT    NOT NULL,
     annotations         TEXT    NOT NULL,
     starts_at           TEXT    NOT NULL,
     ends_at             TEXT    NOT NULL,
     generator_url       TEXT    NOT NULL,
     fingerprint         TEXT    NOT NULL,
     UNIQUE (notification_id, position)
   );`,
  },
  {
    id: 2,
    // Retention deletes the oldest notifications by age (received_at) and count (id), and the
    // duplicate check looks up recent notifications with the same alert set: each an index range
    // scan, so a write's cost does not grow with what is stored. Rows from before this migration
    // get an empty alert_set_key, which no new notification's key (a SHA-256 in hex) can equal.
    name: 'retention and duplicates',
    sql: `ALTER TABLE notifications ADD COLUMN alert_set_key TEXT NOT NULL DEFAULT '';
   ALTER TABLE notifications ADD COLUMN duplicate_of INTEGER;
   CREATE INDEX notifications_received_at ON notifications (received_at);
   CREATE INDEX notifications_alert_set ON notifications (alert_set_key, received_at);`,
  },
];
