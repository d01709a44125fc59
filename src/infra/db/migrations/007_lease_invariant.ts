import type { Migration } from '../migrator';

/**
 * A message holds a lease exactly while it is `sending`: every claim sets `lease_id` together with
 * that status, and every way out of it (a settle, an interrupted send, a release) clears it. The
 * settles rely on this: they find a row by its id and lease alone, never by `status = 'sending'`,
 * which would let the planner read the partial index `messages_leased` — an index only ever added
 * to (PGlite has no autovacuum, and bitmap scans never mark its dead entries), so that plan grew
 * with every message ever sent (docs/benchmarks.md, "Results, session 5").
 *
 * NOT VALID: the rule holds for every row written from now on; rows already stored are not
 * rechecked, so a database with an odd row left by an older version still starts.
 */
export const leaseInvariant: Migration = {
  id: 7,
  name: 'lease_invariant',
  sql: `
ALTER TABLE messages ADD CONSTRAINT messages_lease_while_sending
  CHECK ((lease_id IS NOT NULL) = (status = 'sending')) NOT VALID;
`,
};
