import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Migration, migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgliteDb } from '../../src/infra/db/pglite.db';

/**
 * PGlite's initdb takes about 4 s; copying an initialised, migrated folder takes milliseconds.
 * The template is keyed by the schema (`migrations`: this checkout's by default), built once per
 * machine and shared by test processes (published with an atomic rename, so parallel builders never
 * see half a template).
 */
export async function seedEmbeddedDb(
  target: string,
  migrations: readonly Migration[] = coreMigrations,
): Promise<void> {
  const key = createHash('sha256')
    .update(migrations.map((m) => `${m.id}:${m.sql}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const template = path.join(tmpdir(), `mailgate-pglite-template-${key}`);
  if (!existsSync(template)) {
    const building = mkdtempSync(path.join(tmpdir(), 'mailgate-pglite-build-'));
    const db = await PgliteDb.open(building);
    await migrate(db, migrations);
    await db.close();
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  cpSync(template, target, { recursive: true });
}

/** A migrated embedded database of its own (a copy of the template in a temp dir) and its removal. */
export async function embeddedDbForTest(): Promise<{ db: PgliteDb; remove: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-test-'));
  await seedEmbeddedDb(path.join(dir, 'db'));
  const db = await PgliteDb.open(path.join(dir, 'db'));
  return { db, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}
