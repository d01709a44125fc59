import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppConfig } from '../../src/config/config';
import type { Db } from '../../src/infra/db/db.port';
import { migrate } from '../../src/infra/db/migrator';
import { coreMigrations } from '../../src/infra/db/migrations';
import { PgDb } from '../../src/infra/db/pg.db';
import { PgliteDb } from '../../src/infra/db/pglite.db';
import { type ClaimedMessage, OutboxStore } from '../../src/modules/mail/outbox/outbox.store';
import { freshPostgresDatabase, skipWithout } from '../support/services';

const LEASE_MS = 60_000;
/** What OutboxStore reads from the config for raw messages. */
const config = { mail: { from: 'test <no-reply@example.test>', transport: 'smtp' } } as AppConfig;

/** Counts the statements a store sends, to see batching from the outside. */
function counting(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrapped: Db = {
    query: (sql, params) => {
      statements.push(sql);
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    ping: () => db.ping(),
    close: () => db.close(),
  };
  return { db: wrapped, statements };
}

/**
 * Batch claims and batched settles, on PGlite and on PostgreSQL, where two workers really run side
 * by side on separate connections (READ COMMITTED, SKIP LOCKED).
 */
function claimContract(
  name: string,
  open: () => Promise<{ first: Db; second: Db; cleanup: () => Promise<void> }>,
  skip: false | string,
) {
  describe(`outbox batch claims: ${name}`, { skip }, () => {
    let first: Db;
    let second: Db;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ first, second, cleanup } = await open());
      await migrate(first, coreMigrations);
    });
    after(async () => {
      await cleanup();
    });

    async function enqueue(n: number, tag: string): Promise<string[]> {
      const store = new OutboxStore(config, first);
      const ids: string[] = [];
      for (let i = 0; i < n; i++)
        ids.push(
          (
            await store.insertRaw(first, {
              to: { address: `${tag}-${i}@example.test` },
              subject: 's',
              text: 't',
            })
          ).id,
        );
      return ids;
    }

    it('two workers claiming in batches never take the same message', async () => {
      const ids = await enqueue(150, 'race');
      const claimedBy = new Map<string, string[]>();
      const batches: ClaimedMessage[][] = [];
      const worker = async (db: Db, who: string) => {
        const store = new OutboxStore(config, db);
        for (;;) {
          const batch = await store.claim(7, LEASE_MS);
          if (batch.length === 0) return;
          batches.push(batch);
          for (const m of batch) claimedBy.set(m.id, [...(claimedBy.get(m.id) ?? []), who]);
        }
      };
      await Promise.all([worker(first, 'a'), worker(second, 'b'), worker(first, 'c'), worker(second, 'd')]);
      for (const id of ids)
        assert.equal(claimedBy.get(id)?.length, 1, `${id} claimed by ${String(claimedBy.get(id))}`);
      assert.equal(claimedBy.size, ids.length);
      for (const batch of batches) {
        assert.ok(batch.length <= 7);
        assert.equal(new Set(batch.map((m) => m.lease_id)).size, 1, 'one lease per claim');
        for (const m of batch) assert.equal(m.attempts_made, 1);
      }
      assert.equal(new Set(batches.map((b) => b[0].lease_id)).size, batches.length, 'a new lease per claim');
      const [{ n }] = await first.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[]) AND status = 'sending'`,
        [ids],
      );
      assert.equal(n, ids.length);
    });

    it('settles concurrent sends in one statement, each only under its own lease', async () => {
      const ids = await enqueue(6, 'settle');
      const { db, statements } = counting(first);
      const store = new OutboxStore(config, db);
      const claimed = (await store.claim(6, LEASE_MS)).filter((m) => ids.includes(m.id));
      assert.equal(claimed.length, 6);
      // Another worker took one of them over (its lease expired and it was reclaimed).
      const stolen = claimed[2];
      await first.query(`UPDATE messages SET lease_id = gen_random_uuid() WHERE id = $1`, [stolen.id]);

      const before = statements.length;
      const kept = await Promise.all(claimed.map((m) => store.markSent(m, 12.4)));
      const settles = statements.slice(before);
      assert.deepEqual(
        kept,
        claimed.map((m) => m !== stolen),
      );
      // The six settles made together are one statement.
      assert.equal(settles.length, 1, settles.join('\n---\n'));

      const rows = await first.query<{ id: string; status: string; attempts: number; ms: number | null }>(
        `SELECT m.id, m.status, count(a.id)::int AS attempts, max(a.duration_ms) AS ms
           FROM messages m LEFT JOIN message_attempts a ON a.message_id = m.id
          WHERE m.id = ANY($1::uuid[]) GROUP BY m.id, m.status`,
        [ids],
      );
      for (const r of rows) {
        if (r.id === stolen.id) assert.deepEqual([r.status, r.attempts], ['sending', 0]);
        else assert.deepEqual([r.status, r.attempts, r.ms], ['sent', 1, 12]);
      }
      // A second settle of an already-sent message changes nothing and records nothing.
      assert.equal(await store.markSent(claimed[0], 1), false);
      const [{ n }] = await first.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM message_attempts WHERE message_id = $1',
        [claimed[0].id],
      );
      assert.equal(n, 1);
    });

    it('a message twice in one batch of settles is settled by its current lease only', async () => {
      const [id] = await enqueue(1, 'twice');
      const store = new OutboxStore(config, first);
      const old = (await store.claim(50, LEASE_MS)).find((c) => c.id === id) as ClaimedMessage;
      // Its lease ran out and another claim took it: the old holder's settle arrives with the new one.
      const current = { ...old, lease_id: '00000000-0000-4000-8000-0000000000aa' };
      await first.query('UPDATE messages SET lease_id = $2 WHERE id = $1', [id, current.lease_id]);
      assert.deepEqual(await Promise.all([store.markSent(old, 1), store.markSent(current, 2)]), [
        false,
        true,
      ]);
      const record = await store.find(id);
      assert.equal(record?.status, 'sent');
      assert.deepEqual(
        record?.attempts.map((a) => a.outcome),
        ['sent'],
      );
    });

    it('group-commits concurrent inserts; a bad row fails only its own caller', async () => {
      const { db, statements } = counting(first);
      const store = new OutboxStore(config, db);
      const mail = (to: string) => ({ to: { address: to }, subject: 'now', text: 't' });
      const before = statements.length;
      const good = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.insertRawNow(mail(`now-${i}@example.test`))),
      );
      // Six inserts made together are one INSERT.
      assert.equal(statements.length - before, 1);
      const [{ n }] = await first.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[]) AND status = 'queued'`,
        [good.map((g) => g.id)],
      );
      assert.equal(n, 6);

      // PostgreSQL text cannot hold NUL: that row's statement fails, the batch is retried row by row.
      const results = await Promise.allSettled(
        ['a', 'b', 'bad\u0000', 'c'].map((x) => store.insertRawNow(mail(`${x}@example.test`))),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
      );
      for (const r of results)
        if (r.status === 'fulfilled') assert.ok((await store.find(r.value.id))?.status === 'queued');
    });

    it('a retry is one statement: fenced state change plus its attempt row', async () => {
      const [id] = await enqueue(1, 'retry');
      const store = new OutboxStore(config, first);
      const m = (await store.claim(50, LEASE_MS)).find((c) => c.id === id) as ClaimedMessage;
      assert.equal(
        await store.markRetry({ ...m, lease_id: '00000000-0000-4000-8000-000000000000' }, 'x', 0, 1),
        false,
      );
      assert.equal(await store.markRetry(m, 'SMTP 451: try later', 5_000, 3), true);
      const record = await store.find(id);
      assert.equal(record?.status, 'retrying');
      assert.deepEqual(
        record?.attempts.map((a) => [a.outcome, a.error]),
        [['retry', 'SMTP 451: try later']],
      );
    });
  });
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Shared Hit Blocks': number;
  'Actual Rows': number;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/**
 * PGlite has no autovacuum: a plan that reads an index of dead entries gets slower with every message
 * ever sent. The batched settle, re-run under EXPLAIN (ANALYZE, BUFFERS) as the store sent it, must
 * find a batch's rows through lookups, reading pages per row found and none for the mail sent before.
 */
describe('outbox settle on PGlite: its cost does not grow with the mail sent before', () => {
  it('finds a batch of 32 rows by lookups, not by reading the history of 3,000 sent messages', async () => {
    const base = await PgliteDb.open(undefined);
    try {
      await migrate(base, coreMigrations);
      const { db, statements } = counting(base);
      const store = new OutboxStore(config, db);
      const send = async (n: number) => {
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            store.insertRawNow({ to: { address: `h${i}@example.test` }, subject: 's', text: 't' }),
          ),
        );
        for (;;) {
          const batch = await store.claim(32, LEASE_MS);
          if (batch.length === 0) return;
          assert.ok((await Promise.all(batch.map((m) => store.markSent(m, 1)))).every(Boolean));
        }
      };
      const buffersToFindOneBatch = async (): Promise<number> => {
        await Promise.all(
          Array.from({ length: 32 }, (_, i) =>
            store.insertRawNow({ to: { address: `m${i}@example.test` }, subject: 's', text: 't' }),
          ),
        );
        const batch = await store.claim(32, LEASE_MS);
        assert.equal(batch.length, 32);
        const settle = statements.filter((sql) => sql.includes("SET status = 'sent'")).at(-1);
        assert.ok(settle, 'the store settled its sends in a batch');
        const [row] = await base.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${settle}`,
          [batch.map((m) => m.id), batch.map((m) => m.lease_id), batch.map(() => 1)],
        );
        const plan = row['QUERY PLAN'][0].Plan;
        assert.equal(plan['Actual Rows'], 32, 'the statement settled the whole batch');
        // What finding the 32 rows read: the scans under the UPDATE (writing the new versions
        // descends the indexes, which deepen with the table by design, so it is not counted).
        const update = nodes(plan).find(
          (n) => n['Node Type'] === 'ModifyTable' && n['Relation Name'] === 'messages',
        );
        assert.ok(update, 'the statement updates messages');
        return (update.Plans ?? []).reduce((sum, n) => sum + n['Shared Hit Blocks'], 0);
      };
      await send(3_000);
      const read = await buffersToFindOneBatch();
      // Two per row: the primary key's leaf and the heap page (its root is shared); the plan through
      // messages_leased read 161 here, and more with every message sent (54 after 1,000).
      assert.ok(read <= 64, `finding one batch of 32 rows after 3,000 sent messages read ${read} buffers`);
    } finally {
      await base.close();
    }
  });
});

claimContract(
  'PGlite',
  async () => {
    const db = await PgliteDb.open(undefined);
    return { first: db, second: db, cleanup: () => db.close() };
  },
  false,
);

claimContract(
  'PostgreSQL',
  async () => {
    const { url, drop } = await freshPostgresDatabase();
    const first = await PgDb.open(url, { max: 4 });
    const second = await PgDb.open(url, { max: 4 });
    return {
      first,
      second,
      cleanup: async () => {
        await first.close();
        await second.close();
        await drop();
      },
    };
  },
  skipWithout('postgres'),
);
