import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type Db, type Queryable, runCommitted } from './db.port';

/**
 * The embedded profile's database: PostgreSQL compiled to WASM, persisted in a folder. One
 * connection, so PGlite itself serialises statements; a transaction holds it exclusively, which is
 * what makes single-use token consumption atomic here.
 */
export class PgliteDb implements Db {
  private constructor(private readonly pg: PGlite) {}

  static async open(dir: string | undefined): Promise<PgliteDb> {
    if (dir !== undefined) mkdirSync(dir, { recursive: true });
    const pg = dir === undefined ? new PGlite() : new PGlite(dir);
    await pg.waitReady;
    return new PgliteDb(pg);
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    const result = await this.pg.query<R>(sql, params);
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const committed: (() => void)[] = [];
    const result = await this.pg.transaction(async (tx) =>
      fn({
        query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
        afterCommit: (cb) => committed.push(cb),
      }),
    );
    runCommitted(committed);
    return result;
  }

  afterCommit(fn: () => void): void {
    runCommitted([fn]);
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  async ping(): Promise<void> {
    await this.pg.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
