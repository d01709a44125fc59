import type { Migration } from '../migrator';

/**
 * What a message costs the embedded database on its way through the queue (insert, claim, settle:
 * each a new version of the row, none of them HOT, so each also goes into every index whose
 * predicate it meets). Measured in docs/benchmarks.md, "Results, session 5".
 *
 * - A message holds a lease exactly while it is `sending`: every claim sets `lease_id` together with
 *   that status, and every way out of it (a settle, an interrupted send, a release) clears it. The
 *   settles rely on this: they find a row by its id and lease alone, never by `status = 'sending'`,
 *   which let the planner read the partial index `messages_leased` — an index only ever added to
 *   (PGlite has no autovacuum, and bitmap scans never mark its dead entries), so that plan grew with
 *   every message ever sent. NOT VALID: the rule holds for every row written from now on; rows
 *   already stored are not rechecked, so a database with an odd row left by an older version starts.
 * - The unique index on `message_id` goes: nothing looks a message up by it, the Message-ID is a
 *   random UUID (`<uuid@domain>`, as unique as the primary key), and the index took a btree insertion
 *   for each of the three versions of every message, ≈ 15 % of the queue's database work.
 */
export const outboxWrites: Migration = {
  id: 7,
  name: 'outbox_writes',
  sql: `
ALTER TABLE messages ADD CONSTRAINT messages_lease_while_sending
  CHECK ((lease_id IS NOT NULL) = (status = 'sending')) NOT VALID;
ALTER TABLE messages DROP CONSTRAINT messages_message_id_key;
`,
};
