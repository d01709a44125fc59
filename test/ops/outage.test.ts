import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { toErrorBody } from '../../src/common/errors/error.filter';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { OwnRedis, REDIS_SERVER } from '../support/redis-server';
import { freshPostgresDatabase, services, skipWithout, skipWithoutBinary } from '../support/services';
import { TcpProxy } from '../support/tcp-proxy';
import { assertOutage, health, post, slowestOutageAnswer, timed, until } from '../support/outage';

/**
 * Outages of the distributed profile's engines, played with engines the test owns: a private
 * redis-server it kills and restarts on the same port, and a TCP proxy in front of the shared
 * PostgreSQL that it cuts and restores. Requests must answer 503 with a stable code within a second,
 * write nothing half-way, and succeed again by themselves once the engine is back.
 */

const PASSWORD = 'password-123';

const skip = skipWithout('postgres') || skipWithoutBinary(REDIS_SERVER, 'redis-server');

/** DATABASE_QUERY_TIMEOUT of the PostgreSQL outage suite's app. */
const QUERY_TIMEOUT_MS = 800;

describe('PostgreSQL outage (through a TCP proxy the test cuts)', { skip }, () => {
  let app: TestApp;
  let redis: OwnRedis;
  let proxy: TcpProxy;
  let dropDb: () => Promise<void>;

  before(async () => {
    const pg = await freshPostgresDatabase();
    dropDb = pg.drop;
    const target = new URL(services.postgres!);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(pg.url);
    viaProxy.port = String(proxy.port);
    redis = await OwnRedis.start();
    app = await startTestApp({
      DATABASE_URL: viaProxy.toString(),
      REDIS_URL: redis.url,
      RATE_LIMIT: 'off',
      DATABASE_QUERY_TIMEOUT: String(QUERY_TIMEOUT_MS / 1000),
    });
  });
  after(async () => {
    await app?.destroy();
    await proxy?.stop();
    await redis?.stop();
    await dropDb?.();
  });

  it('answers 503 database_unavailable within a second, writes nothing, and resumes by itself', async (t: TestContext) => {
    assert.equal(
      (await post(app, '/users', { name: 'Before', email: 'before@example.com', password: PASSWORD })).status,
      202,
    );
    const challenge = await new MailboxClient(app.url).waitFor('before@example.com', { timeoutMs: 10_000 });
    const code = challenge?.codes[0];
    assert.ok(code, 'the challenge mail of the signup before the outage, with its code');

    await proxy.cut();
    const during = 'during.outage@example.com';
    await assertOutage(
      await timed(() => post(app, '/users', { name: 'During', email: during, password: PASSWORD })),
      'database_unavailable',
    );
    await assertOutage(
      await timed(() => post(app, '/users/login', { email: 'before@example.com', password: PASSWORD })),
      'database_unavailable',
    );
    // A live challenge: claimed in Redis, the INSERT fails, the claim is given back (below).
    await assertOutage(
      await timed(() => post(app, '/users/email-verify', { email: 'before@example.com', code })),
      'database_unavailable',
    );
    const down = await health(app);
    assert.equal(down.status, 503);
    assert.match(down.checks.database, /unreachable/);
    assert.equal(down.checks.redis, 'ok');
    assert.ok(down.ms < 1000 + 200, `/health answered in ${down.ms.toFixed(0)} ms`);
    // Prometheus still gets an answer (the queue depth is the last one read): an outage is when metrics matter.
    const metrics = await timed(() => fetch(`${app.url}/metrics`));
    assert.equal(metrics.res.status, 200);
    assert.match(await metrics.res.text(), /^mailgate_outbox_messages\{state="queued"\} \d+$/m);
    assert.ok(metrics.ms < 1000, `/metrics answered in ${metrics.ms.toFixed(0)} ms`);

    await proxy.restore();
    const recoveredMs = await until('POST /users', async () => {
      const res = await post(app, '/users', {
        name: 'After',
        email: 'after@example.com',
        password: PASSWORD,
      });
      return res.status === 202;
    });
    // The verify refused during the outage lost nothing: the same code works now.
    assert.equal((await post(app, '/users/email-verify', { email: 'before@example.com', code })).status, 201);
    t.diagnostic(`slowest 503 during the outage: ${slowestOutageAnswer().toFixed(0)} ms`);
    t.diagnostic(`POST /users succeeded again ${recoveredMs} ms after PostgreSQL came back`);
    assert.equal((await health(app)).status, 200);

    // Nothing half-written: the refused signup left no outbox row, no pending signup, no user.
    const db = app.runtime.db;
    const count = async (sql: string) => (await db.query<{ n: number }>(sql, [during]))[0].n;
    assert.equal(await count('SELECT count(*)::int AS n FROM messages WHERE to_addr = $1'), 0);
    assert.equal(await count('SELECT count(*)::int AS n FROM users WHERE email = $1'), 0);
    assert.equal(await count('SELECT count(*)::int AS n FROM pending_signups WHERE email = $1'), 0);
    // The worker resumed too: the signup after the outage gets its mail.
    const mail = await new MailboxClient(app.url).waitFor('after@example.com', { timeoutMs: 10_000 });
    assert.ok(mail, 'the mail of the signup after the outage arrived');
  });

  it('a partition without a reset: 503 database_unavailable once DATABASE_QUERY_TIMEOUT passes, then resumes', async (t: TestContext) => {
    const login = () => post(app, '/users/login', { email: 'before@example.com', password: PASSWORD });
    assert.equal((await login()).status, 200); // the account verified in the test above
    proxy.blackhole(); // connections stay open, nothing comes back: only a timer ends the wait
    const { res, ms } = await timed(login);
    const text = await res.text();
    assert.equal(res.status, 503, text);
    assert.equal((JSON.parse(text) as { code: string }).code, 'database_unavailable');
    assert.ok(ms >= QUERY_TIMEOUT_MS - 50, `answered in ${ms.toFixed(0)} ms, before the timeout`);
    assert.ok(ms < QUERY_TIMEOUT_MS + 1500, `answered in ${ms.toFixed(0)} ms`);
    assert.doesNotMatch(text, /timeout|pg|127\.0\.0\.1/i);
    t.diagnostic(`503 after ${ms.toFixed(0)} ms with DATABASE_QUERY_TIMEOUT ${QUERY_TIMEOUT_MS} ms`);
    await proxy.restore();
    await until('POST /users/login', async () => (await login()).status === 200);
  });
});

describe('Redis outage (a private redis-server the test kills and restarts)', { skip }, () => {
  let app: TestApp;
  let redis: OwnRedis;
  let dropDb: () => Promise<void>;

  before(async () => {
    const pg = await freshPostgresDatabase();
    dropDb = pg.drop;
    redis = await OwnRedis.start();
    // Rate limits on: with them, login reads Redis too (its counters live there).
    app = await startTestApp({ DATABASE_URL: pg.url, REDIS_URL: redis.url });
  });
  after(async () => {
    await app?.destroy();
    await redis?.stop();
    await dropDb?.();
  });

  it('answers 503 redis_unavailable within a second and resumes when Redis is back on its port', async (t: TestContext) => {
    assert.equal(
      (await post(app, '/users', { name: 'Before', email: 'r.before@example.com', password: PASSWORD }))
        .status,
      202,
    );
    assert.equal(
      (await post(app, '/users/login', { email: 'r.before@example.com', password: PASSWORD })).status,
      401,
    );
    // This Redis is ours alone: any key in it was written by the service's stores.
    assert.ok((await redis.client((r) => r.dbsize())) > 0, 'the signup stores write to Redis');

    await redis.kill();
    const down = await health(app);
    assert.equal(down.status, 503);
    assert.match(down.checks.redis, /unreachable/);
    assert.equal(down.checks.database, 'ok');
    assert.ok(down.ms < 1000, `/health answered in ${down.ms.toFixed(0)} ms`);
    // The connection the stores use fails fast, and the error filter names Redis.
    const started = performance.now();
    const err = await app.runtime.redis!.get('any-key').then(
      () => assert.fail('Redis answered while killed'),
      (e: unknown) => e,
    );
    assert.ok(performance.now() - started < 1000);
    assert.equal(toErrorBody(err).body.code, 'redis_unavailable');
    await assertOutage(
      await timed(() =>
        post(app, '/users', { name: 'During', email: 'r.during@example.com', password: PASSWORD }),
      ),
      'redis_unavailable',
    );
    await assertOutage(
      await timed(() => post(app, '/users/login', { email: 'r.before@example.com', password: PASSWORD })),
      'redis_unavailable',
    );

    await redis.restart();
    const recoveredMs = await until('/health', async () => (await health(app)).status === 200);
    t.diagnostic(`/health was 200 again ${recoveredMs} ms after redis-server restarted`);
    const res = await post(app, '/users', {
      name: 'After',
      email: 'r.after@example.com',
      password: PASSWORD,
    });
    assert.equal(res.status, 202);
    assert.ok((await redis.client((r) => r.dbsize())) > 0, 'the stores write to Redis again');
  });
});
