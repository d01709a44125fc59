import { mkdirSync } from 'node:fs';
import { PGlite, parse, protocol } from '@electric-sql/pglite';
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
 * The embedded profile's database: PostgreSQL compiled to WASM, persisted in a folder. One
 * connection, so PGlite itself serialises statements; a transaction holds it exclusively, which is
 * what makes single-use token consumption atomic here.
 *
 * Queries are prepared once per SQL text and then sent as one bind-execute-sync message: PGlite's
 * own `query` parses, analyses and plans every statement again, in six calls into the WASM
 * instance, which made up about half the CPU of a signup's database work (measured in bench/,
 * docs/benchmarks.md).
 */
export class PgliteDb implements Db {
  /** SQL text → name of its prepared statement on this connection. */
  private readonly prepared = new Map<string, string>();
  private nextName = 1;

  private constructor(private readonly pg: PGlite) {}

  static async open(dir: string | undefined): Promise<PgliteDb> {
    if (dir !== undefined) mkdirSync(dir, { recursive: true });
    const pg = dir === undefined ? new PGlite() : new PGlite(dir);
    await pg.waitReady;
    return new PgliteDb(pg);
  }

  query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    // As PGlite's own `query`: wait for any transaction, then hold the connection.
    return this.pg._runExclusiveTransaction(() => this.pg._runExclusiveQuery(() => this.run<R>(sql, params)));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const committed: (() => void)[] = [];
    const result = await this.pg.transaction(async (tx) =>
      fn({
        query: <R>(sql: string, params: unknown[] = []) =>
          this.pg._runExclusiveQuery(() => this.run<R>(sql, params)),
        exec: async (sql: string) => {
          this.prepared.clear(); // a script may change the schema the kept plans were made for
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

  private async run<R>(sql: string, params: unknown[]): Promise<R[]> {
    if (this.pg.closed) throw new Error('PGlite is closed');
    let name = this.prepared.get(sql);
    const parts: Uint8Array[] = [];
    let preparing: string | undefined;
    if (name === undefined) {
      name = this.prepared.size < MAX_PREPARED ? `mailgate_${this.nextName++}` : '';
      parts.push(protocol.serialize.parse({ name, text: sql }));
      if (name !== '') preparing = name;
    }
    parts.push(
      protocol.serialize.bind({ statement: name, values: params.map(parameterText) }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    );
    const { messages } = await this.pg.execProtocol(concat(parts), { syncToFs: false, throwOnError: false });
    // The statement exists once its parse completed, even if binding or executing it then failed.
    if (preparing !== undefined && messages.some((m) => m.name === 'parseComplete'))
      this.prepared.set(sql, preparing);
    const error = messages.find((m) => m instanceof Error);
    if (error) {
      // "cached plan must not change result type": the schema moved under a kept plan.
      if ((error as { code?: string }).code === '0A000') this.prepared.delete(sql);
      throw error;
    }
    return parse.parseResults(messages, this.pg.parsers)[0].rows as R[];
  }

  async exec(sql: string): Promise<void> {
    this.prepared.clear(); // a script may change the schema the kept plans were made for
    await this.pg.exec(sql);
  }

  async ping(): Promise<void> {
    await this.pg.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
