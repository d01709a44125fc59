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
  /** Milliseconds inside PGlite's WASM per statement text (prepared statements only, see below). */
  ms: Record<string, number>;
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
  // The class's own methods, below `query`: every trip into the WASM instance passes the first;
  // mailgate's PgliteDb sends its prepared statements through the second (a Parse message names
  // the statement and carries its text the first time, a Bind message names it every time).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGlite } = require('@electric-sql/pglite') as { PGlite: { prototype: Record<string, Fn> } };
  const raw = PGlite.prototype.execProtocolRawSync;
  PGlite.prototype.execProtocolRawSync = function (this: unknown, ...args: unknown[]) {
    if (counts) counts.wasmCalls++;
    return raw.apply(this, args);
  };
  const named = new Map<string, string>();
  const execProtocol = PGlite.prototype.execProtocol;
  PGlite.prototype.execProtocol = function (this: unknown, message: unknown, ...rest: unknown[]) {
    // Names are learnt outside the window too: most statements were prepared during the warm-up.
    let bound: string | undefined;
    if (message instanceof Uint8Array) {
      for (const [kind, name, text] of protocolMessages(message)) {
        if (kind === 'P' && text !== undefined) named.set(name, statement(text));
        if (kind === 'B' && counts) {
          const key = named.get(name) ?? '(unnamed statement)';
          counts.statements[key] = (counts.statements[key] ?? 0) + 1;
          bound = key;
        }
      }
    }
    // The WASM call runs synchronously inside execProtocol (before its first await), so the time
    // until it returns is the statement's own execution on this thread.
    const t0 = performance.now();
    const result = execProtocol.call(this, message, ...rest);
    if (bound !== undefined && counts) counts.ms[bound] = (counts.ms[bound] ?? 0) + performance.now() - t0;
    return result;
  };
}

/** [type, statement name, query text] of each Parse ('P') and Bind ('B') frontend message. */
function protocolMessages(buf: Uint8Array): Array<[string, string, string | undefined]> {
  const out: Array<[string, string, string | undefined]> = [];
  const cstring = (from: number): [string, number] => {
    const end = buf.indexOf(0, from);
    return [Buffer.from(buf.subarray(from, end)).toString('utf8'), end + 1];
  };
  for (let at = 0; at + 5 <= buf.length;) {
    const kind = String.fromCharCode(buf[at]);
    const length = new DataView(buf.buffer, buf.byteOffset + at + 1, 4).getInt32(0);
    if (kind === 'P') {
      const [name, next] = cstring(at + 5);
      out.push([kind, name, cstring(next)[0]]);
    } else if (kind === 'B') {
      const [, next] = cstring(at + 5); // portal
      out.push([kind, cstring(next)[0], undefined]);
    }
    at += 1 + length;
  }
  return out;
}
countPglite();

process.on('SIGWINCH', () => {
  if (session === undefined) {
    counts = { statements: {}, ms: {}, transactions: 0, wasmCalls: 0 };
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
