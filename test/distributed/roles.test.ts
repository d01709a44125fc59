import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { MailboxClient } from '../support/mailbox-client';
import { distributedEnv } from '../support/redis';
import { freshPostgresDatabase, skipWithout } from '../support/services';
import { MailgateProcess, runCli } from './processes';

const API_KEY = 'roles-test-key-0123456789';

/**
 * The distributed profile as it is deployed: separate `mailgate api`, `worker` and `mailbox`
 * processes (the compiled CLI) sharing one PostgreSQL database and one Redis (under a prefix of
 * their own). Proves that signup state is shared between api processes and that the BullMQ queue
 * loses nothing when the worker is killed (SIGKILL) mid-stream.
 */
describe(
  'distributed profile: api ×2, worker, mailbox as processes',
  { skip: skipWithout('postgres') || skipWithout('redis') },
  () => {
    let services: Awaited<ReturnType<typeof distributedEnv>>;
    let db: pg.Pool;
    let dataDir: string;
    let env: Record<string, string>;
    let mailbox: MailgateProcess;
    let mailboxUrl: string;
    let apiA: MailgateProcess;
    let apiB: MailgateProcess;
    let worker: MailgateProcess;
    let urlA: string;
    let urlB: string;
    const started: MailgateProcess[] = [];

    function start(role: string, extra: Record<string, string> = {}): MailgateProcess {
      const p = new MailgateProcess(role, { ...env, ...extra });
      started.push(p);
      return p;
    }

    before(async () => {
      // A fresh PostgreSQL database and a Redis key prefix of this suite's own (queue keys included).
      services = await distributedEnv();
      db = new pg.Pool({ connectionString: services.env.DATABASE_URL, max: 2 });
      dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-roles-'));
      env = {
        NODE_ENV: 'test',
        ...services.env,
        JWT_SECRET: 'roles-test-secret-0123456789abcdef0123456789',
        API_KEYS: API_KEY,
        DATA_DIR: dataDir,
        PORT: '0',
        MAILBOX_SMTP_PORT: '0',
        MAILBOX_POP3_PORT: '0',
        MAILBOX_IMAP_PORT: '0',
        RATE_LIMIT: 'off',
        LOG_LEVEL: 'info',
        // The queue's timings shortened (docs/deploy.md, "Queue timings"): a killed worker's jobs are
        // taken over within about 3 + 2 × 1 s instead of 15 + 2 × 5 s, and the relay looks every
        // second. The same mechanisms run; the lock still outlasts any send to the local mailbox.
        MAIL_QUEUE_LOCK: '3',
        MAIL_QUEUE_STALLED_INTERVAL: '1',
        MAIL_RELAY_INTERVAL: '1',
        MAIL_RELAY_GRACE: '2',
      };
      const migrated = await runCli(['migrate'], env);
      assert.equal(migrated.code, 0, migrated.stderr);
      // The mailbox first: the worker needs its SMTP port. Then the rest side by side.
      mailbox = start('mailbox');
      const listening = await mailbox.listening;
      mailboxUrl = listening.url;
      env.MAILBOX_SMTP_PORT = String(listening.smtp!.port);
      apiA = start('api');
      apiB = start('api');
      worker = start('worker');
      [urlA, urlB] = await Promise.all([apiA.listening, apiB.listening, worker.listening]).then(([a, b]) => [
        a.url,
        b.url,
      ]);
    });

    after(async () => {
      await Promise.all(started.map((p) => p.destroy()));
      await db?.end();
      await services?.cleanup();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    async function signupToken(email: string): Promise<string> {
      assert.equal(
        (await post(`${urlA}/users`, { name: 'Ada', email, password: 'password-123' })).status,
        202,
      );
      const message = await new MailboxClient(mailboxUrl).waitFor(email, { timeoutMs: 30_000 });
      assert.ok(message, `a verification mail to ${email}`);
      const link = message.links.find((l) => l.includes('signupVerifyToken='));
      assert.ok(link);
      return new URL(link).searchParams.get('signupVerifyToken')!;
    }

    it('each role answers /health with its own checks', async () => {
      const health = async (url: string) =>
        (await (await fetch(`${url}/health`)).json()) as { checks: object };
      assert.deepEqual(Object.keys((await health(urlA)).checks).sort(), ['database', 'queue', 'redis']);
      const w = (await worker.listening).url;
      assert.deepEqual(Object.keys((await health(w)).checks).sort(), ['database', 'mail', 'queue', 'redis']);
      assert.deepEqual(Object.keys((await health(mailboxUrl)).checks), ['mailbox']);
      // An api process has no mailbox and a worker no API.
      assert.equal((await fetch(`${urlA}/mailbox/api/messages`)).status, 404);
      assert.equal((await post(`${w}/users`, {})).status, 404);
    });

    it('sign up on api A, verify on api B, replay on A → 409', async () => {
      const token = await signupToken(`ada-${Date.now()}@example.com`);
      const verified = await post(`${urlB}/users/email-verify`, { signupVerifyToken: token });
      assert.equal(verified.status, 201, await verified.clone().text());
      const replay = await post(`${urlA}/users/email-verify`, { signupVerifyToken: token });
      assert.equal(replay.status, 409);
      assert.equal(((await replay.json()) as { code: string }).code, 'already_verified');
    });

    it('parallel verifies across both api processes: exactly one 201', async () => {
      const token = await signupToken(`race-${Date.now()}@example.com`);
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          post(`${i % 2 === 0 ? urlA : urlB}/users/email-verify`, { signupVerifyToken: token }).then(
            (r) => r.status,
          ),
        ),
      );
      assert.equal(answers.filter((s) => s === 201).length, 1, JSON.stringify(answers));
      assert.equal(answers.filter((s) => s === 409).length, 11, JSON.stringify(answers));
    });

    it("password reset through the worker process: an account's link works, an unknown address's mail ends unsent", async () => {
      const email = `reset-${Date.now()}@example.com`;
      const ghost = `ghost-${Date.now()}@example.com`;
      const verified = await post(`${urlB}/users/email-verify`, {
        signupVerifyToken: await signupToken(email),
      });
      assert.equal(verified.status, 201);
      assert.equal((await post(`${urlA}/users/password-reset`, { email: ghost })).status, 202);
      assert.equal((await post(`${urlB}/users/password-reset`, { email })).status, 202);
      // The `mailgate worker` process runs the send guard that binds the reset to the account.
      const mailboxClient = new MailboxClient(mailboxUrl);
      const [verification] = await mailboxClient.list({ to: email });
      const message = await mailboxClient.waitFor(email, { timeoutMs: 30_000, after: verification.id });
      assert.ok(message, 'the reset mail to the account');
      const link = message.links.find((l) => l.includes('/users/password-reset?token='));
      assert.ok(link, JSON.stringify(message.links));
      const token = new URL(link).searchParams.get('token')!;
      const done = await post(`${urlA}/users/password-reset/confirm`, { token, password: 'after-reset-1' });
      assert.equal(done.status, 200, await done.clone().text());
      let status: string | undefined;
      for (let i = 0; i < 100 && status !== 'suppressed'; i++) {
        const { rows } = await db.query<{ status: string }>(
          'SELECT status FROM messages WHERE to_addr = $1',
          [ghost],
        );
        status = rows[0]?.status;
        if (status !== 'suppressed') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(status, 'suppressed');
      assert.equal((await new MailboxClient(mailboxUrl).list({ to: ghost })).length, 0);
    });

    it(
      '1,000 messages survive three SIGKILLs of the worker: all sent, duplicates counted',
      { timeout: 240_000 },
      async () => {
        const TOTAL = 1000;
        const RECIPIENTS = 5;
        const run = randomBytes(3).toString('hex');
        const to = (i: number) => `bulk-${run}-${i % RECIPIENTS}@example.com`;
        const auth = { authorization: `Bearer ${API_KEY}` };
        const ids: string[] = [];
        const send = async (i: number) => {
          const res = await post(
            `${i % 2 === 0 ? urlA : urlB}/emails`,
            { to: to(i), subject: `bulk ${run} #${i}`, text: `message ${i}` },
            auth,
          );
          assert.equal(res.status, 202);
          ids[i] = ((await res.json()) as { id: string }).id;
        };
        // Queue them all (16 requests at a time over both api processes) with the worker stopped, so
        // a fast machine cannot have sent the whole backlog before the first kill; then start it.
        worker.kill('SIGTERM');
        await worker.exited;
        let next = 0;
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < TOTAL) await send(next++);
          }),
        );
        worker = start('worker');
        await worker.listening;

        const sentCount = async () =>
          Number(
            (
              await db.query<{ n: string }>(
                `SELECT count(*) AS n FROM messages WHERE status = 'sent' AND id = ANY($1)`,
                [ids],
              )
            ).rows[0].n,
          );
        const waitSent = async (n: number, timeoutMs: number) => {
          const until = Date.now() + timeoutMs;
          for (;;) {
            const sent = await sentCount();
            if (sent >= n) return sent;
            if (Date.now() > until) return sent;
            await new Promise((r) => setTimeout(r, 100));
          }
        };

        // Kill the worker once it is sending (100 sent), then each time its successor has sent 150
        // more, so every kill lands with sends in flight and a backlog still queued.
        let current = worker;
        const kills: number[] = [];
        let target = 100;
        for (let k = 0; k < 3; k++) {
          await waitSent(target, 90_000);
          current.kill('SIGKILL');
          await current.exited;
          const at = await sentCount();
          kills.push(at);
          assert.ok(at < TOTAL, `killed with messages still queued (${at} sent)`);
          current = start('worker');
          worker = current;
          await current.listening;
          target = at + 150;
        }
        const sent = await waitSent(TOTAL, 150_000);
        assert.equal(sent, TOTAL, `all ${TOTAL} sent (killed at ${kills.join(', ')} sent)`);

        // What the mailbox received: one copy per message, plus any duplicates, each with its Message-ID.
        const client = new MailboxClient(mailboxUrl);
        const bySubject = new Map<string, number[]>();
        for (let r = 0; r < RECIPIENTS; r++)
          for (const m of await client.list({ to: `bulk-${run}-${r}@example.com`, limit: 500 })) {
            if (!m.subject.startsWith(`bulk ${run} #`)) continue;
            bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), m.id]);
          }
        assert.equal(bySubject.size, TOTAL, 'every message reached the mailbox');
        const copies = [...bySubject.values()];
        const duplicates = copies.reduce((n, c) => n + c.length - 1, 0);
        for (const c of copies.filter((c) => c.length > 1)) {
          const [a, b] = await Promise.all([client.get(c[0]), client.get(c[1])]);
          assert.deepEqual(
            a.headers['message-id'],
            b.headers['message-id'],
            'a duplicate carries the same Message-ID',
          );
        }
        const interrupted = Number(
          (
            await db.query<{ n: string }>(
              `SELECT count(*) AS n FROM message_attempts WHERE error LIKE 'interrupted:%' AND message_id = ANY($1)`,
              [ids],
            )
          ).rows[0].n,
        );
        // The figure docs/architecture.md quotes: the at-least-once cost of three kills.
        process.stdout.write(
          `# distributed kill test: ${TOTAL} messages, worker killed at ${kills.join('/')} sent; ` +
            `${duplicates} duplicate deliveries (same Message-ID), ${interrupted} interrupted attempts taken over\n`,
        );
        // A duplicate is a send that reached the mailbox before its worker died and was then taken
        // over: never more of them than interrupted attempts.
        assert.ok(duplicates <= interrupted, `${duplicates} duplicates, ${interrupted} interrupted`);
        worker = current;
      },
    );

    it('a committed row whose job was never added (api crashed in between) is sent by the relay', async () => {
      // As the api would have committed it, minus the job: due for longer than the relay's grace.
      const id = randomUUID();
      await db.query(
        `INSERT INTO messages (id, message_id, to_addr, subject, text_body, status, transport, next_attempt_at)
       VALUES ($1, $2, 'stranded@example.com', 'stranded', 'no job was added', 'queued', 'mailbox',
               now() - interval '1 minute')`,
        [id, `<${id}@localhost>`],
      );
      const until = Date.now() + 30_000;
      let status = 'queued';
      while (status !== 'sent' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        status = (await db.query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [id]))
          .rows[0].status;
      }
      assert.equal(status, 'sent');
      const got = await new MailboxClient(mailboxUrl).waitFor('stranded@example.com', { timeoutMs: 5000 });
      assert.deepEqual(got?.headers['message-id'], [`<${id}@localhost>`]);
      assert.ok(worker.logged('mail relay: added jobs for due messages that had none').length > 0);
    });

    it('SIGTERM: every role drains and exits 0', async () => {
      const procs = [apiA, apiB, worker, mailbox];
      for (const p of procs) p.kill('SIGTERM');
      const exits = await Promise.all(procs.map((p) => p.exited));
      assert.deepEqual(
        exits,
        procs.map(() => ({ code: 0, signal: null })),
        procs.map((p) => p.stderr).join('\n'),
      );
      for (const p of procs) assert.equal(p.logged('stopped').length, 1, `${p.role} logged "stopped"`);
    });
  },
);

describe('mailgate migrate', { skip: skipWithout('postgres') }, () => {
  it('brings a fresh database up to date, is a no-op the second time, and fails in one line', async () => {
    const database = await freshPostgresDatabase();
    try {
      const env = {
        DATABASE_URL: database.url,
        REDIS_URL: 'redis://127.0.0.1:1',
        JWT_SECRET: 'x'.repeat(32),
        API_KEYS: API_KEY,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mailgate-migrate-')),
      };
      const missing = new URL(database.url);
      missing.pathname = `/${path.basename(missing.pathname)}_missing`;
      // The failure runs beside the first migration: each CLI start costs seconds on a busy machine.
      const [first, failed] = await Promise.all([
        runCli(['migrate'], env),
        runCli(['migrate'], { ...env, DATABASE_URL: missing.toString() }),
      ]);
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /^mailgate: migration failed: .*does not exist\n$/);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /"applied":\[1,2,3[\],]/);
      const again = await runCli(['migrate'], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /"applied":\[\]/);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const tables = await client.query(`SELECT to_regclass('messages') AS t`);
      await client.end();
      assert.equal(tables.rows[0].t, 'messages');
    } finally {
      await database.drop();
    }
  });
});
