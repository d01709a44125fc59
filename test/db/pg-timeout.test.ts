import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PgDb } from '../../src/infra/db/pg.db';
import { DependencyUnavailableError } from '../../src/infra/outage';
import { freshPostgresDatabase, services, skipWithout } from '../support/services';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * PgDb's query timeout (DATABASE_QUERY_TIMEOUT) against a partition that sends no reset: a TCP proxy
 * in front of the shared PostgreSQL stops forwarding while every connection stays open, so only a
 * timer can end the wait. Without the timeout the same statement is still waiting (the control).
 */

const TIMEOUT_MS = 300;
/** How much later than the timeout the failure may arrive on a busy machine. */
const SLACK_MS = 700;

/** `promise`'s outcome and how long it took, or 'pending' if it has not settled within `ms`. */
async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ outcome: 'resolved' | 'rejected' | 'pending'; error?: unknown; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  const outcome = await Promise.race([
    promise.then(
      () => ({ outcome: 'resolved' as const }),
      (error: unknown) => ({ outcome: 'rejected' as const, error }),
    ),
    pending.then(() => ({ outcome: 'pending' as const })),
  ]);
  clearTimeout(timer);
  return { ...outcome, ms: performance.now() - started };
}

describe('PgDb query timeout (a partition without a reset)', { skip: skipWithout('postgres') }, () => {
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  let url: string;

  before(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    const target = new URL(services.postgres!);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(fresh.url);
    viaProxy.port = String(proxy.port);
    url = viaProxy.toString();
  });
  after(async () => {
    await proxy?.stop();
    await drop?.();
  });

  it('a statement with no answer fails as database unavailable within the timeout, then the pool recovers', async () => {
    const db = await PgDb.open(url, { max: 2, queryTimeoutMs: TIMEOUT_MS });
    try {
      assert.deepEqual(await db.query('SELECT 1 AS n'), [{ n: 1 }]);
      proxy.blackhole();
      const lost = await settleWithin(db.query('SELECT 2 AS n'), TIMEOUT_MS + SLACK_MS);
      assert.equal(lost.outcome, 'rejected', `after ${lost.ms.toFixed(0)} ms`);
      assert.ok(lost.error instanceof DependencyUnavailableError, String(lost.error));
      assert.equal(lost.error.dependency, 'database');
      assert.ok(lost.ms >= TIMEOUT_MS - 20, `failed after ${lost.ms.toFixed(0)} ms, before the timeout`);

      await proxy.restore();
      // The timed-out connection was dropped, not reused: the next statements are answered.
      for (let i = 0; i < 3; i++) assert.deepEqual(await db.query('SELECT 3 AS n'), [{ n: 3 }]);
    } finally {
      await proxy.restore();
      await db.close();
    }
  });

  it('inside a transaction too: the statement fails, the transaction ends, nothing waits on it', async () => {
    const db = await PgDb.open(url, { max: 2, queryTimeoutMs: TIMEOUT_MS });
    try {
      await db.exec('CREATE TABLE IF NOT EXISTS partition_probe (n int)');
      const tx = db.transaction(async (q) => {
        await q.query('INSERT INTO partition_probe VALUES (1)');
        proxy.blackhole();
        await q.query('INSERT INTO partition_probe VALUES (2)');
      });
      const lost = await settleWithin(tx, TIMEOUT_MS + SLACK_MS);
      assert.equal(lost.outcome, 'rejected', `after ${lost.ms.toFixed(0)} ms`);
      assert.ok(lost.error instanceof DependencyUnavailableError, String(lost.error));
      await proxy.restore();
      // Never committed: invisible to others, and rolled back once its connection goes.
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM partition_probe');
      assert.equal(rows[0].n, 0);
    } finally {
      await proxy.restore();
      await db.close();
    }
  });

  it('control: without the timeout the same statement is still waiting', async () => {
    const db = await PgDb.open(url, { max: 2 });
    try {
      assert.deepEqual(await db.query('SELECT 1 AS n'), [{ n: 1 }]);
      proxy.blackhole();
      const query = db.query('SELECT 2 AS n');
      const waiting = await settleWithin(query, TIMEOUT_MS + SLACK_MS);
      assert.equal(waiting.outcome, 'pending');
      await proxy.restore();
      assert.deepEqual(await query, [{ n: 2 }]);
    } finally {
      await proxy.restore();
      await db.close();
    }
  });
});
