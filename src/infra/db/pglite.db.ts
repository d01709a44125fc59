import { mkdirSync } from 'node:fs';
import { PGlite, type Results, TransactionAbortedError, parse, protocol } from '@electric-sql/pglite';
import { type Db, type Queryable, runCommitted } from './db.port';

/** Named statements kept per database; past this, new SQL texts run unnamed (parsed every time). */
const MAX_PREPARED = 500;

/**
 * One query parameter as text, as node-postgres sends it (the distributed profile runs the same
 * queries through it, so both adapters read values alike): dates as ISO instants, bytes as bytea
 * hex, arrays as array literals, other objects as JSON.
 */
export function parameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array)
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  throw new TypeError(`a ${typeof value} cannot be a query parameter`);
}

function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) => {
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = parameterText(v);
    return text === null ? 'NULL' : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * When the embedded database brings its planner up to date. PostgreSQL's autovacuum daemon also
 * re-analyzes tables as they change; PGlite has none, so without this its prepared statements keep
 * the plans made when the tables were nearly empty (a sequential scan then, of 100,000 rows later):
 * a signup's main-thread CPU grew by half over 12,000 signups (docs/benchmarks.md, "Results,
 * session 5"). A pass is `ANALYZE` from a small sample (statistics target 10, ≈ 3,000 rows a table:
 * 76–89 ms with 100,000 messages, against 356–534 ms at PostgreSQL's default 100) and takes the one
 * connection while it runs, so it comes only after real work and never more than 1/`costFactor` of
 * the time. No VACUUM: it cost 262–731 ms there, and the one plan that read dead index entries badly
 * no longer does (the outbox's settle, migration 007).
 */
export interface PgliteMaintenance {
  /** Statements sent since the last pass before another one is worth it. */
  afterStatements: number;
  /** Between passes at least this long, and at least `costFactor` times the last pass took. */
  minIntervalMs: number;
  costFactor: number;
  /** How often the conditions are checked. */
  checkEveryMs: number;
}

export const PGLITE_MAINTENANCE: PgliteMaintenance = {
  afterStatements: 1_000,
  minIntervalMs: 10_000,
  costFactor: 50,
  checkEveryMs: 5_000,
};

/** One statement of a round trip. */
interface Statement {
  sql: string;
  params: unknown[];
}

const BEGIN: Statement = { sql: 'BEGIN', params: [] };
const COMMIT: Statement = { sql: 'COMMIT', params: [] };
const ROLLBACK: Statement = { sql: 'ROLLBACK', params: [] };

/**
 * The embedded profile's database: PostgreSQL compiled to WASM, persisted in a folder. One
 * connection, so PGlite itself serialises statements; a transaction holds it exclusively, which is
 * what makes single-use token consumption atomic here.
 *
 * Queries are prepared once per SQL text and then sent as one bind-execute-sync message: PGlite's
 * own `query` parses, analyses and plans every statement again, in six calls into the WASM
 * instance, which made up about half the CPU of a signup's database work (measured in bench/,
 * docs/benchmarks.md).
 *
 * Every call into PGlite costs a fixed amount of JavaScript on the main thread besides the SQL, so
 * transactions send as few as they can (see PgliteTransaction): BEGIN goes with the first
 * statement, deferred writes with the next statement or the commit, and a transaction of deferred
 * writes only is one call with no BEGIN or COMMIT at all.
 */
export class PgliteDb implements Db {
  /** SQL text → name of its prepared statement on this connection. */
  private readonly prepared = new Map<string, string>();
  private nextName = 1;
  /** Statements sent since the last maintenance pass, and when it ended and how long it took. */
  private sinceMaintenance = 0;
  private lastMaintenance = { endedAt: 0, ms: 0 };
  private maintaining = false;
  private readonly maintenanceTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pg: PGlite,
    private readonly maintenance: PgliteMaintenance | false,
  ) {
    if (maintenance) {
      this.lastMaintenance.endedAt = performance.now();
      this.maintenanceTimer = setInterval(() => void this.maintainIfDue(), maintenance.checkEveryMs);
      this.maintenanceTimer.unref();
    }
  }

  /** `maintenance: false` for a database that must not change under a test's feet. */
  static async open(
    dir: string | undefined,
    opts: { maintenance?: PgliteMaintenance | false } = {},
  ): Promise<PgliteDb> {
    if (dir !== undefined) mkdirSync(dir, { recursive: true });
    const pg = dir === undefined ? new PGlite() : new PGlite(dir);
    await pg.waitReady;
    return new PgliteDb(pg, opts.maintenance ?? PGLITE_MAINTENANCE);
  }

  /**
   * One maintenance pass, now: `ANALYZE` of the whole database, once any transaction in progress
   * has ended. Fresh statistics change the planner's view, so the kept plans are dropped with it
   * (each statement is planned again on its next use). Resolves with the pass's duration.
   */
  async maintain(): Promise<number> {
    const started = performance.now();
    this.maintaining = true;
    try {
      await this.pg._runExclusiveTransaction(() =>
        this.pg._runExclusiveQuery(async () => {
          const { messages } = await this.pg.execProtocol(
            concat([
              // Read by ANALYZE only (see PgliteMaintenance): set by the pass, not at every open.
              protocol.serialize.query('SET default_statistics_target = 10'),
              protocol.serialize.query('ANALYZE'),
              protocol.serialize.query('DEALLOCATE ALL'),
            ]),
            { syncToFs: false, throwOnError: false },
          );
          this.prepared.clear();
          const error = messages.find((m) => m instanceof Error);
          if (error) throw error;
        }),
      );
    } finally {
      const ms = performance.now() - started;
      this.lastMaintenance = { endedAt: performance.now(), ms };
      this.sinceMaintenance = 0;
      this.maintaining = false;
    }
    return this.lastMaintenance.ms;
  }

  private async maintainIfDue(): Promise<void> {
    const m = this.maintenance;
    if (!m || this.maintaining || this.pg.closed || this.sinceMaintenance < m.afterStatements) return;
    const wait = Math.max(m.minIntervalMs, m.costFactor * this.lastMaintenance.ms);
    if (performance.now() - this.lastMaintenance.endedAt < wait) return;
    // A failed pass (the disk is full, the database is closing) changes nothing: the next one retries.
    await this.maintain().catch(() => undefined);
  }

  query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    // As PGlite's own `query`: wait for any transaction, then hold the connection.
    return this.pg._runExclusiveTransaction(async () => lastRows<R>(await this.exclusive([{ sql, params }])));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = new PgliteTransaction(this);
    const result = await this.pg._runExclusiveTransaction(async () => {
      try {
        const value = await fn(tx);
        await tx.commit();
        return value;
      } catch (err) {
        await tx.rollback();
        throw err;
      }
    });
    runCommitted(tx.committed);
    return result;
  }

  afterCommit(fn: () => void): void {
    runCommitted([fn]);
  }

  /** One round trip under PGlite's query lock: the statements, then one Sync. */
  exclusive(statements: Statement[]): Promise<Results[]> {
    return this.pg._runExclusiveQuery(() => this.send(statements));
  }

  /** A script (simple query protocol) under PGlite's query lock, e.g. a migration inside a transaction. */
  async script(sql: string): Promise<void> {
    this.prepared.clear(); // a script may change the schema the kept plans were made for
    await this.pg._runExclusiveQuery(async () => {
      const { messages } = await this.pg.execProtocol(protocol.serialize.query(sql), {
        syncToFs: false,
        throwOnError: false,
      });
      const error = messages.find((m) => m instanceof Error);
      if (error) throw error;
    });
  }

  /**
   * Sends `statements` in one call into PGlite: each is bound and executed (parsed first the first
   * time its text is seen), then one Sync. Outside BEGIN … COMMIT PostgreSQL runs everything before
   * a Sync as one implicit transaction: all of it commits at the Sync, or none of it when one fails
   * (the rest are then skipped). Returns one result per statement executed.
   */
  private async send(statements: Statement[]): Promise<Results[]> {
    if (this.pg.closed) throw new Error('PGlite is closed');
    const parts: Uint8Array[] = [];
    const preparing: Array<{ sql: string; name: string }> = [];
    for (const { sql, params } of statements) {
      let name = this.prepared.get(sql) ?? preparing.find((p) => p.sql === sql)?.name;
      if (name === undefined) {
        name = this.prepared.size + preparing.length < MAX_PREPARED ? `mailgate_${this.nextName++}` : '';
        parts.push(protocol.serialize.parse({ name, text: sql }));
        if (name !== '') preparing.push({ sql, name });
      }
      parts.push(
        protocol.serialize.bind({ statement: name, values: params.map(parameterText) }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
      );
    }
    parts.push(protocol.serialize.sync());
    this.sinceMaintenance += statements.length;
    const { messages } = await this.pg.execProtocol(concat(parts), { syncToFs: false, throwOnError: false });
    // A statement exists once its parse completed, even if binding or executing it then failed;
    // after an error the backend skips the rest, so the completed parses are the first ones.
    const parsed = messages.filter((m) => m.name === 'parseComplete').length;
    for (const { sql, name } of preparing.slice(0, parsed)) this.prepared.set(sql, name);
    const error = messages.find((m) => m instanceof Error);
    if (error) {
      // "cached plan must not change result type": the schema moved under a kept plan.
      if ((error as { code?: string }).code === '0A000')
        for (const { sql } of statements) this.prepared.delete(sql);
      throw error;
    }
    return parse.parseResults(messages, this.pg.parsers);
  }

  async exec(sql: string): Promise<void> {
    this.prepared.clear(); // a script may change the schema the kept plans were made for
    await this.pg.exec(sql);
  }

  async ping(): Promise<void> {
    await this.pg.query('SELECT 1');
  }

  async close(): Promise<void> {
    clearInterval(this.maintenanceTimer);
    if (!this.pg.closed) await this.pg.close();
  }
}

function lastRows<R>(results: Results[]): R[] {
  return (results[results.length - 1]?.rows ?? []) as R[];
}

/**
 * One transaction on PGlite's connection, held exclusively by `PgliteDb.transaction` from start to
 * end. BEGIN is sent only with the first statement whose rows the caller waits for, and writes
 * queued with `deferWrite` travel with the next such statement or with the commit, in the same
 * call. A transaction that only queued writes (a signup: its pending record and its mail) never
 * sends BEGIN: its writes and the Sync after them are one implicit transaction, which commits all
 * of them or none.
 */
class PgliteTransaction implements Queryable {
  readonly committed: (() => void)[] = [];
  private deferred: Statement[] = [];
  private began = false;
  private closed = false;

  constructor(private readonly db: PgliteDb) {}

  async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return lastRows<R>(await this.db.exclusive([...this.pending(), { sql, params }]));
  }

  async exec(sql: string): Promise<void> {
    const pending = this.pending(); // BEGIN the first time
    if (pending.length > 0) await this.db.exclusive(pending);
    await this.db.script(sql);
  }

  deferWrite(sql: string, params: unknown[] = []): void {
    this.checkOpen();
    this.deferred.push({ sql, params });
  }

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** Sends what is queued with COMMIT, or alone (an implicit transaction) when BEGIN was never sent. */
  async commit(): Promise<void> {
    this.checkOpen();
    this.closed = true;
    const writes = this.deferred;
    this.deferred = [];
    if (!this.began) {
      if (writes.length > 0) await this.db.exclusive(writes);
      return;
    }
    const results = await this.db.exclusive([...writes, COMMIT]);
    // COMMIT of a transaction that failed earlier (its error was caught) answers ROLLBACK, as
    // PGlite's own `transaction` reports it.
    if (results[results.length - 1]?.command === 'ROLLBACK') throw new TransactionAbortedError();
  }

  /** Queued writes were never sent, so only a transaction that began has anything to undo. */
  async rollback(): Promise<void> {
    this.closed = true;
    this.deferred = [];
    if (this.began) {
      this.began = false;
      await this.db.exclusive([ROLLBACK]);
    }
  }

  /** BEGIN (the first time) and the queued writes, to go before the next statement. */
  private pending(): Statement[] {
    this.checkOpen();
    const out = this.began ? this.deferred : [BEGIN, ...this.deferred];
    this.began = true;
    this.deferred = [];
    return out;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('Transaction is closed');
  }
}
