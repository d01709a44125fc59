import pg from 'pg';
import { DependencyUnavailableError } from '../outage';
import { type Db, type Queryable, runCommitted } from './db.port';
import { isDatabaseOutage } from './db-outage';

/** Connection failures become one error type (503 `database_unavailable`); SQL errors pass as they are. */
function classified(err: unknown): unknown {
  return isDatabaseOutage(err) ? new DependencyUnavailableError('database', { cause: err }) : err;
}

/** pg reads `query_timeout` from a query's config too; its types only know the client option. */
type TimedQuery = pg.QueryConfig & { query_timeout?: number };

/** A client that gives up connecting after a second, whatever the pool's wait limit is. */
class FastConnectClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: 1000 });
  }
}

/**
 * The distributed profile's database: a pool of PostgreSQL connections. Same port as PgliteDb,
 * same SQL. Transactions run on one pooled client under READ COMMITTED; the queries that must be
 * atomic are written as single conditional statements (UPDATE … WHERE state = … RETURNING) so they
 * stay correct under concurrency without stronger isolation.
 */
export class PgDb implements Db {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly queryTimeoutMs: number | undefined,
  ) {}

  /**
   * `queryTimeoutMs` (DATABASE_QUERY_TIMEOUT): a statement not answered within it fails as an
   * outage. A partition that drops packets without a reset leaves the socket open and silent, and
   * nothing else would ever end the wait. The connection is dropped then (its state is unknown: a
   * late answer would belong to the wrong query). `exec` is not bounded: it runs migrations, which
   * may rightly take long.
   */
  static async open(
    connectionString: string,
    options: { max?: number; queryTimeoutMs?: number } = {},
  ): Promise<PgDb> {
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      // pg-pool's own timeout covers waiting for a free client as well as connecting. Waiting under
      // load is not an outage, so it gets longer; connecting fails fast (the client's own timeout
      // below), so a request answers 503 within a second when the server is down.
      connectionTimeoutMillis: 10_000,
      Client: FastConnectClient,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new PgDb(pool, options.queryTimeoutMs);
    await db.ping();
    return db;
  }

  /** pg's per-query read timeout ('Query read timeout', an outage in db-outage.ts); none for scripts. */
  private config(sql: string, params: unknown[] | undefined, bounded: boolean): TimedQuery {
    return { text: sql, values: params, query_timeout: bounded ? this.queryTimeoutMs : undefined };
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      // On an error pg-pool discards the client instead of reusing it, which a timed-out one needs.
      const result = await this.pool.query(this.config(sql, params, true));
      return result.rows as R[];
    } catch (err) {
      throw classified(err);
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.pool.query(this.config(sql, undefined, false));
    } catch (err) {
      throw classified(err);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => {
      throw classified(err);
    });
    // A client whose connection broke must not go back to the pool for the next request.
    let broken: Error | undefined;
    const run = async (sql: string, params?: unknown[], bounded = true) => {
      try {
        return await client.query(this.config(sql, params, bounded));
      } catch (err) {
        if (isDatabaseOutage(err)) broken = err as Error;
        throw classified(err);
      }
    };
    const committed: (() => void)[] = [];
    try {
      await run('BEGIN');
      const result = await fn({
        query: async <R>(sql: string, params: unknown[] = []) => (await run(sql, params)).rows as R[],
        exec: async (sql: string) => {
          await run(sql, undefined, false);
        },
        afterCommit: (cb) => committed.push(cb),
      });
      // A connection lost before COMMIT reaches the server makes PostgreSQL roll back: nothing is
      // half-written. (Lost during COMMIT itself the outcome is unknown, as with any database.)
      await run('COMMIT');
      runCommitted(committed);
      return result;
    } catch (err) {
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release(broken);
    }
  }

  afterCommit(fn: () => void): void {
    runCommitted([fn]);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
