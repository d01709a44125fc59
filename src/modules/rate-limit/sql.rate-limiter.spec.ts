import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../infra/db/migrator';
import { coreMigrations } from '../../infra/db/migrations';
import { PgliteDb } from '../../infra/db/pglite.db';
import { SqlRateLimiter } from './sql.rate-limiter';

describe('SqlRateLimiter', () => {
  let db: PgliteDb;
  let clock = new Date('2026-01-01T00:00:00Z');
  const key = Buffer.alloc(32, 7);
  let limiter: SqlRateLimiter;

  before(async () => {
    db = await PgliteDb.open(undefined);
    await migrate(db, coreMigrations);
    limiter = new SqlRateLimiter(db, key, true, () => clock);
  });
  after(async () => {
    await db.close();
  });

  it('allows up to the limit in a window, then refuses with the time left', async () => {
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('t:alice@example.com', 3, 60));
    assert.deepEqual(
      decisions.map((d) => d.allowed),
      [true, true, true, false],
    );
    assert.equal(decisions[2].remaining, 0);
    clock = new Date(clock.getTime() + 45_000);
    const later = await limiter.hit('t:alice@example.com', 3, 60);
    assert.equal(later.allowed, false);
    assert.equal(later.retryAfter, 15);
  });

  it('opens a new window once the old one has ended', async () => {
    clock = new Date(clock.getTime() + 16_000);
    const d = await limiter.hit('t:alice@example.com', 3, 60);
    assert.equal(d.allowed, true);
    assert.equal(d.remaining, 2);
  });

  it('counts concurrent hits exactly', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('t:burst', 5, 60)));
    assert.equal(results.filter((r) => r.allowed).length, 5);
  });

  it('stores keys as HMACs, never the address', async () => {
    const rows = await db.query<{ key: string }>('SELECT key FROM rate_limits');
    assert.ok(rows.length > 0);
    for (const r of rows) {
      assert.doesNotMatch(r.key, /alice|example/);
      assert.match(r.key, /^t:[A-Za-z0-9_-]{43}$/);
    }
  });

  it('reset forgets a key', async () => {
    await limiter.reset('t:burst');
    assert.equal((await limiter.hit('t:burst', 5, 60)).remaining, 4);
  });

  it('sweep deletes ended windows only', async () => {
    await limiter.hit('t:short', 5, 1);
    clock = new Date(clock.getTime() + 2_000);
    await limiter.hit('t:long', 5, 3600);
    const removed = await limiter.sweep();
    assert.ok(removed >= 1);
    const keys = (await db.query<{ key: string }>('SELECT key FROM rate_limits')).map((r) => r.key);
    assert.ok(keys.includes(limiter.storedKey('t:long')));
    assert.ok(!keys.includes(limiter.storedKey('t:short')));
  });

  it('allows everything when RATE_LIMIT=off', async () => {
    const off = new SqlRateLimiter(db, key, false, () => clock);
    for (let i = 0; i < 5; i++) assert.equal((await off.hit('t:x', 1, 60)).allowed, true);
  });

  it('counts layered limits in one statement, with each window of its own', async () => {
    clock = new Date('2026-02-01T00:00:00Z');
    const rules = [
      { key: 't:ip', limit: 3, windowSeconds: 60 },
      { key: 't:address', limit: 1, windowSeconds: 600 },
    ];
    assert.equal((await limiter.hitEach(rules)).allowed, true);
    clock = new Date(clock.getTime() + 30_000);
    const refused = await limiter.hitEach(rules);
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfter, 570); // the address's window, not the IP's
    clock = new Date(clock.getTime() + 31_000); // the IP's window has ended, the address's not
    const again = await limiter.hitEach(rules);
    assert.equal(again.allowed, false);
    assert.equal(again.retryAfter, 539);
    assert.equal((await limiter.hit('t:ip', 3, 60)).remaining, 1); // a new window: this hit and the last
  });

  it('counts a key listed twice twice', async () => {
    const twice = [
      { key: 't:twice', limit: 5, windowSeconds: 60 },
      { key: 't:twice', limit: 5, windowSeconds: 60 },
    ];
    assert.equal((await limiter.hitEach(twice)).remaining, 3);
  });
});
