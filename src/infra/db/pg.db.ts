import pg from 'pg';
import { type Db, type Queryable, runCommitted } from './db.port';

/**
 * The distributed profile's database: a pool of PostgreSQL connections. Same port as PgliteDb,
 * same SQL. Transactions run on one pooled client under READ COMMITTED; the queries that must be
 * atomic are written as single conditional statements (UPDATE … WHERE state = … RETURNING) so they
 * stay correct under concurrency without stronger isolation.
 */
export class PgDb implements Db {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(connectionString: string, options: { max?: number } = {}): Promise<PgDb> {
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      // Fail fast when the server is down, so requests can answer 503 quickly instead of hanging.
      connectionTimeoutMillis: 1000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new PgDb(pool);
    await db.ping();
    return db;
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as R[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const committed: (() => void)[] = [];
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <R>(sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rows as R[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
        afterCommit: (cb) => committed.push(cb),
      });
      await client.query('COMMIT');
      runCommitted(committed);
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  afterCommit(fn: () => void): void {
    runCommitted([fn]);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
