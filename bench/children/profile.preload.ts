import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

/**
 * Loaded with `node -r` into a server under test when the bench runs with --profile. The first
 * SIGWINCH starts V8's CPU profiler, the second stops it and writes
 * `$BENCH_PROFILE_DIR/<pid>.cpuprofile`, so the profile covers only the measured window (not
 * start-up or warm-up) and the server itself needs no change. SIGWINCH because Nest's shutdown
 * hooks take SIGUSR2, SIGUSR1 opens Node's inspector, and SIGWINCH is ignored by default.
 *
 * Over the same window it counts the embedded database's work, which no CPU figure can blur on a
 * busy machine: statements by text, transactions, and the calls into PGlite's WASM
 * (`execProtocolRawSync`: a parameterised query is six of them — parse, describe, bind, describe,
 * execute, sync — and BEGIN/COMMIT one each). Written to `<pid>.queries.json`.
 */
const dir = process.env.BENCH_PROFILE_DIR ?? '.';
let session: Session | undefined;

interface Counts {
  statements: Record<string, number>;
  transactions: number;
  wasmCalls: number;
}
let counts: Counts | undefined;

type Fn = (this: unknown, ...args: unknown[]) => unknown;

function countPglite(): void {
  let base: Record<string, Fn>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, patched in place
    const { PGlite } = require('@electric-sql/pglite') as { PGlite: { prototype: object } };
    base = Object.getPrototypeOf(PGlite.prototype) as Record<string, Fn>;
  } catch {
    return; // not installed: nothing to count
  }
  const statement = (sql: unknown) => String(sql).replace(/\s+/g, ' ').trim().slice(0, 60);
  for (const name of ['query', 'exec']) {
    const original = base[name];
    base[name] = function (this: unknown, sql: unknown, ...rest: unknown[]) {
      if (counts) {
        const key = statement(sql);
        counts.statements[key] = (counts.statements[key] ?? 0) + 1;
      }
      return original.call(this, sql, ...rest);
    };
  }
  const transaction = base.transaction;
  base.transaction = function (this: unknown, fn: unknown) {
    if (counts) counts.transactions++;
    return transaction.call(this, (tx: { query: Fn; exec: Fn }) => {
      const query = tx.query.bind(tx);
      tx.query = (sql: unknown, ...rest: unknown[]) => {
        if (counts) {
          const key = statement(sql);
          counts.statements[key] = (counts.statements[key] ?? 0) + 1;
        }
        return query(sql, ...rest);
      };
      return (fn as (tx: unknown) => unknown)(tx);
    });
  };
  // The class's own method, below `query`: every trip into the WASM instance passes here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGlite } = require('@electric-sql/pglite') as { PGlite: { prototype: Record<string, Fn> } };
  const raw = PGlite.prototype.execProtocolRawSync;
  PGlite.prototype.execProtocolRawSync = function (this: unknown, ...args: unknown[]) {
    if (counts) counts.wasmCalls++;
    return raw.apply(this, args);
  };
}
countPglite();

process.on('SIGWINCH', () => {
  if (session === undefined) {
    counts = { statements: {}, transactions: 0, wasmCalls: 0 };
    const started = new Session();
    started.connect();
    started.post('Profiler.enable', () => started.post('Profiler.start'));
    session = started;
    return;
  }
  const running = session;
  session = undefined;
  if (counts) writeFileSync(path.join(dir, `${process.pid}.queries.json`), JSON.stringify(counts));
  counts = undefined;
  running.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    running.disconnect();
  });
});
