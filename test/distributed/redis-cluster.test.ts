import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { judgeMasters } from '../../src/infra/redis/redis-policy';
import { challengeSlot } from '../../src/modules/signup/domain/challenge.secrets';
import { startTestApp, type TestApp } from '../support/app';
import { EmailApiClient } from '../support/email-api';
import { MailboxClient } from '../support/mailbox-client';
import { assertOutage, health, post, timed, until } from '../support/outage';
import { OwnRedisCluster } from '../support/redis-cluster';
import { REDIS_SERVER } from '../support/redis-server';
import { freshPostgresDatabase, skipWithout, skipWithoutBinary } from '../support/services';

const PASSWORD = 'password-123';
const API_KEY = 'cluster-test-key-0123456789';
const PREFIX = 'cluster-test:';

/**
 * The distributed profile on a real Redis Cluster: three private redis-server masters (no
 * replicas), REDIS_URL naming one of them. mailgate must find out it is a cluster by itself, spread
 * pending signups over the masters, keep the queue's keys in one slot, and behave as on one Redis:
 * signup → verify → login, replay 409, concurrent verifies, POST /emails delivered, rate limits.
 * Then one master is killed: requests whose keys it owns answer 503 within a second, the others
 * go on, and all is back when it returns.
 */
describe(
  'distributed profile on a Redis Cluster of 3 masters',
  { skip: skipWithout('postgres') || skipWithoutBinary(REDIS_SERVER, 'redis-server') },
  () => {
    let cluster: OwnRedisCluster;
    let app: TestApp;
    let db: pg.Pool;
    let dropDb: () => Promise<void>;
    let mailbox: MailboxClient;
    /** A client IP per test (TRUST_PROXY): the per-IP limits must not mix the tests' counts. */
    let ip = 0;
    const from = () => ({ 'x-forwarded-for': `10.0.0.${++ip}` });

    before(async () => {
      cluster = await OwnRedisCluster.start(3);
      const database = await freshPostgresDatabase();
      dropDb = database.drop;
      db = new pg.Pool({ connectionString: database.url, max: 2 });
      app = await startTestApp({
        DATABASE_URL: database.url,
        REDIS_URL: cluster.url,
        REDIS_KEY_PREFIX: PREFIX,
        API_KEYS: API_KEY,
        TRUST_PROXY: 'on',
        MAIL_RELAY_INTERVAL: '1',
        MAIL_RELAY_GRACE: '1',
      });
      mailbox = new MailboxClient(app.url);
    });
    after(async () => {
      await app?.destroy();
      await db?.end();
      await cluster?.stop();
      await dropDb?.();
    });

    /** Signs `email` up and returns its mail's link token and code. */
    async function signup(email: string): Promise<{ token: string; code: string }> {
      const res = await post(app, '/users', { name: 'Ada', email, password: PASSWORD }, from());
      assert.equal(res.status, 202, await res.text());
      const message = await mailbox.waitFor(email, { timeoutMs: 10_000 });
      assert.ok(message, `a verification mail to ${email}`);
      const link = message.links.find((l) => l.includes('signupVerifyToken='));
      assert.ok(link);
      return { token: new URL(link).searchParams.get('signupVerifyToken')!, code: message.codes[0] };
    }

    /** The master that holds `email`'s pending signups (their keys carry its hash tag). */
    const ownerOfAddress = (email: string) => cluster.ownerOf(`{${challengeSlot(email)}}`);

    it('talks to the cluster as a cluster: signups spread over every master, the queue in one slot', async () => {
      assert.equal(app.runtime.redis?.isCluster, true, 'a Cluster client, from a URL naming one node');
      const emails = Array.from({ length: 9 }, (_, i) => `spread${i}@example.com`);
      await Promise.all(emails.map(signup));
      const signupKeys = await cluster.keysPerNode(`${PREFIX}signup:*`);
      assert.ok(
        signupKeys.every((keys) => keys.length > 0),
        `pending signups on every master: ${signupKeys.map((k) => k.length).join(', ')}`,
      );
      const queueKeys = await cluster.keysPerNode('{cluster-test}:mail:*');
      assert.equal(
        queueKeys.filter((keys) => keys.length > 0).length,
        1,
        `the queue's keys on one master: ${queueKeys.map((k) => k.length).join(', ')}`,
      );
      assert.deepEqual(await cluster.keysPerNode(`${PREFIX.slice(0, -1)}:mail:*`), [[], [], []]);
    });

    it('signup → verify by link → login; a replay is 409; of concurrent verifies exactly one is 201', async () => {
      const { token } = await signup('link@example.com');
      const verify = () => post(app, '/users/email-verify', { signupVerifyToken: token }, from());
      const answers = await Promise.all(Array.from({ length: 8 }, verify));
      assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
      const replay = await verify();
      assert.equal(replay.status, 409);
      assert.equal(((await replay.json()) as { code: string }).code, 'already_verified');
      const login = await post(
        app,
        '/users/login',
        { email: 'link@example.com', password: PASSWORD },
        from(),
      );
      assert.equal(login.status, 200);
    });

    it('verify by code, and the rate limits count across masters (several keys per request)', async () => {
      const email = 'limits@example.com';
      const { code } = await signup(email);
      assert.equal((await post(app, '/users/email-verify', { email, code: '000000' }, from())).status, 400);
      assert.equal((await post(app, '/users/email-verify', { email, code }, from())).status, 201);
      // Per address: 5 signups an hour, whatever the IP (the IP's key and the address's lie in
      // different slots); the sixth is refused.
      const other = 'limited@example.com';
      for (let i = 0; i < 5; i++)
        assert.equal(
          (await post(app, '/users', { name: 'L', email: other, password: PASSWORD }, from())).status,
          202,
        );
      const refused = await post(app, '/users', { name: 'L', email: other, password: PASSWORD }, from());
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
    });

    it('POST /emails: delivered once, the Idempotency-Key answers the same id', async () => {
      const emails = new EmailApiClient(app.url, API_KEY);
      const send = () =>
        emails.send(
          { to: 'courier@example.com', subject: 'Hello', text: 'Across the cluster' },
          { 'idempotency-key': 'cluster-once' },
        );
      const first = await send();
      assert.equal(first.status, 202);
      const { id } = (await first.json()) as { id: string };
      assert.equal(((await (await send()).json()) as { id: string }).id, id);
      const message = await mailbox.waitFor('courier@example.com', { timeoutMs: 10_000 });
      assert.equal(message?.subject, 'Hello');
      await until('sent', async () => (await emails.status(id)) === 'sent');
      assert.equal((await mailbox.list({ to: 'courier@example.com' })).length, 1);
    });

    it('reads maxmemory-policy and persistence on every master', async () => {
      const victim = cluster.nodes[2];
      await victim.client((r) => r.config('SET', 'maxmemory-policy', 'allkeys-lru'));
      try {
        const findings = await judgeMasters(app.runtime.redis!);
        assert.deepEqual(
          findings.map((f) => [f.setting, f.value, f.masters]),
          [['maxmemory-policy', 'allkeys-lru', [`127.0.0.1:${victim.port}`]]],
        );
      } finally {
        await victim.client((r) => r.config('SET', 'maxmemory-policy', 'noeviction'));
      }
    });

    it('one master stopped: its requests answer 503 within a second, the others go on, all back when it returns', async (t) => {
      const queueOwner = await cluster.ownerOf('{cluster-test}');
      const victim = cluster.nodes.find((n) => n !== queueOwner && n !== cluster.nodes[0])!;
      const addresses = Array.from({ length: 60 }, (_, i) => `outage${i}@example.com`);
      const owners = await Promise.all(addresses.map(ownerOfAddress));
      const onVictim = addresses.filter((_, i) => owners[i] === victim);
      const elsewhere = addresses.filter((_, i) => owners[i] !== victim);
      const before = onVictim[0];
      const { code } = await signup(before);
      await sleep(1100); // AOF everysec: the pending signup is on disk before the crash

      await victim.kill();
      const during = onVictim[1];
      await assertOutage(
        await timed(() => post(app, '/users', { name: 'D', email: during, password: PASSWORD }, from())),
        'redis_unavailable',
      );
      await assertOutage(
        await timed(() => post(app, '/users/email-verify', { email: before, code }, from())),
        'redis_unavailable',
      );
      // A request touches its address's pending signups and its rate-limit counters (the IP's, the
      // address's), each in its own slot. Those whose keys all lie on the other masters are served
      // as before (until the cluster marks the master failed: cluster-node-timeout, here 30 s);
      // the rest answer the same fast 503.
      let served = 0;
      for (const email of elsewhere.slice(0, 20)) {
        const answer = await timed(() =>
          post(app, '/users', { name: 'E', email, password: PASSWORD }, from()),
        );
        if (answer.res.status === 202) served++;
        else await assertOutage(answer, 'redis_unavailable');
      }
      assert.ok(served > 0, 'no request was served by the masters still up');
      const h = await health(app);
      assert.equal(h.status, 503);
      assert.match(h.checks.redis, /1 of 3 Redis Cluster masters/);
      // Nothing half-written: no mail row for the refused signup.
      const rows = await db.query('SELECT count(*)::int AS n FROM messages WHERE to_addr = $1', [during]);
      assert.equal(rows.rows[0].n, 0);

      const restarted = Date.now();
      await victim.restart();
      await cluster.waitUntilOk();
      t.diagnostic(`the master answered again after ${Date.now() - restarted} ms`);
      const recoveredMs = await until(
        'verify on the restarted master',
        async () => (await post(app, '/users/email-verify', { email: before, code }, from())).status === 201,
      );
      t.diagnostic(`requests to it served again ${recoveredMs} ms later`);
      await until('/health', async () => (await health(app)).status === 200);
      await signup(during);
    });

    it("the queue's master stopped: POST /emails still 202, the mail goes out once it returns", async () => {
      const queueOwner = await cluster.ownerOf('{cluster-test}');
      await queueOwner.kill();
      const to = 'while-queue-down@example.com';
      // The row is committed in PostgreSQL; adding its job fails (logged) and the relay adds it later.
      const res = await new EmailApiClient(app.url, API_KEY).send({
        to,
        subject: 'Queued while down',
        text: 'the row is the truth',
      });
      assert.equal(res.status, 202, await res.text());
      await queueOwner.restart();
      await cluster.waitUntilOk();
      const message = await mailbox.waitFor(to, { timeoutMs: 20_000 });
      assert.equal(message?.subject, 'Queued while down');
    });
  },
);
