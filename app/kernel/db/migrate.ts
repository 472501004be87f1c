// Numbered migrations, applied in order in one IMMEDIATE transaction together with their records in
// schema_migrations: a crash never leaves half a schema, and app replicas starting together on one
// fresh volume (`--scale app=3`) take turns, so the second sees the first's work instead of
// applying migration 1 again.
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3, ... in order, never reused. */
  id: number;
  /** snake_case, for people reading schema_migrations. */
  name: string;
  sql: string;
}

export function migrate(db: Database, migrations: readonly Migration[], now: () => Date = () => new Date()): number[] {
  migrations.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new Error(`migration ${migration.name} has id ${migration.id}, expected ${index + 1}: ids run 1, 2, 3, ... without gaps`);
    }
  });
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
    const newest = Math.max(0, ...applied);
    if (newest > migrations.length) {
      throw new Error(
        `${db.name} has schema migration ${newest}, newer than this build knows (${migrations.length}); run a newer build or use another DATA_DIR`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    const ran: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      db.exec(migration.sql);
      record.run(migration.id, migration.name, now().toISOString());
      ran.push(migration.id);
    }
    return ran;
  });
  return apply.immediate();
}
