import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/infra/db/db.port';
import { PgliteDb } from '../../src/infra/db/pglite.db';
import {
  MAIL_OUTBOX,
  type MailOutbox,
  SEND_GUARDS,
  type SendGuard,
  type TemplateMail,
} from '../../src/modules/mail/mail.port';
import type { SendGuardRegistry } from '../../src/modules/mail/send-guard.registry';
import { SMTP_POOL } from '../../src/modules/mail/transports/nodemailer/nodemailer-smtp.sender';
import { WORKER } from '../../src/modules/mail/worker/mail.worker';
import { json, seedPending } from '../signup/seed';
import { startTestApp, type TestApp } from '../support/app';
import { SmtpSink, waitFor } from './smtp-sink';

interface MessageRow {
  id: string;
  message_id: string;
  status: string;
  attempts_made: number;
  last_error: string | null;
  sealed: Uint8Array | null;
  sent_at: Date | null;
}

interface AttemptRow {
  outcome: string;
  error: string | null;
}

function verifyMail(address: string, name = 'Ada Lovelace'): TemplateMail {
  const now = Date.now();
  return {
    to: { address, name },
    template: 'signup-verify',
    locale: 'en',
    data: {
      name,
      linkExpiresAt: new Date(now + 86_400_000).toISOString(),
      codeExpiresAt: new Date(now + 1_800_000).toISOString(),
    },
    secrets: {
      link: `https://mailgate.test/users/email-verify?signupVerifyToken=${randomUUID()}`,
      code: '402913',
    },
  };
}

async function enqueue(app: TestApp, mail: TemplateMail): Promise<string> {
  const outbox = app.app.get<symbol, MailOutbox>(MAIL_OUTBOX);
  const { id } = await app.runtime.db.transaction((tx) => outbox.enqueue(tx, mail));
  outbox.wake();
  return id;
}

async function row(db: Db, id: string): Promise<MessageRow> {
  const [r] = await db.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
  return r;
}

async function attempts(db: Db, id: string): Promise<AttemptRow[]> {
  return db.query<AttemptRow>(
    'SELECT outcome, error FROM message_attempts WHERE message_id = $1 ORDER BY id',
    [id],
  );
}

function settled(db: Db, id: string, status: string) {
  return waitFor(`message ${id} to be ${status}`, async () => {
    const r = await row(db, id);
    if (r.status === 'failed' && status !== 'failed') throw new Error(`message failed: ${r.last_error}`);
    return r.status === status ? r : undefined;
  });
}

const addr = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

describe('mail outbox over SMTP', () => {
  let sink: SmtpSink;
  let app: TestApp;
  const env = () => ({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: sink.url,
    MAILBOX: 'off',
    MAIL_FROM: 'mailgate <no-reply@mailgate.test>',
    RATE_LIMIT: 'off',
  });

  before(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp(env());
  });
  after(async () => {
    await app.destroy();
    await sink.close();
  });

  it('delivers a queued message once, with the Message-ID fixed at enqueue, and wipes the secrets', async () => {
    const to = addr('ada');
    const mail = verifyMail(to);
    const id = await enqueue(app, mail);
    const queued = await row(app.runtime.db, id);
    assert.match(queued.message_id, /^<[0-9a-f-]{36}@mailgate\.test>$/);
    assert.ok(queued.sealed, 'secrets are sealed while the message is pending');
    assert.equal(Buffer.from(queued.sealed).includes(Buffer.from('402913')), false);

    const sent = await settled(app.runtime.db, id, 'sent');
    assert.equal(sent.sealed, null);
    assert.ok(sent.sent_at);
    assert.deepEqual(await attempts(app.runtime.db, id), [{ outcome: 'sent', error: null }]);

    const got = sink.to(to);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0].rcptTo, [to]);
    assert.equal(got[0].mailFrom, 'no-reply@mailgate.test');
    assert.equal(got[0].messageId, queued.message_id);
    assert.match(got[0].headers, /^Auto-Submitted: auto-generated$/im);
    assert.match(got[0].headers, /^To: Ada Lovelace <ada-[0-9a-f]{8}@example\.test>$/im);
    assert.match(got[0].headers, /^Subject: Confirm your email address$/im);
    assert.ok(got[0].raw.includes('402913'), 'the code is in the mail');
  });

  it('retries a 451 with the same Message-ID: two attempts, sent, one accepted copy', async () => {
    const to = addr('retry');
    sink.script(to, [451]);
    const id = await enqueue(app, verifyMail(to));
    const sent = await settled(app.runtime.db, id, 'sent');
    assert.equal(sent.attempts_made, 2);
    const log = await attempts(app.runtime.db, id);
    assert.deepEqual(
      log.map((a) => a.outcome),
      ['retry', 'sent'],
    );
    assert.match(log[0].error ?? '', /^SMTP 451: temporary failure/);
    const got = sink.to(to);
    assert.deepEqual(
      got.map((r) => r.reply),
      [451, 250],
    );
    assert.equal(got[0].messageId, sent.message_id);
    assert.equal(got[1].messageId, sent.message_id);
  });

  it('gives up on a 550 after exactly one attempt and stores our reason', async () => {
    const to = addr('bounce');
    sink.script(to, [550, 550, 550]);
    const id = await enqueue(app, verifyMail(to));
    const failed = await settled(app.runtime.db, id, 'failed');
    assert.equal(failed.attempts_made, 1);
    assert.match(failed.last_error ?? '', /^SMTP 550: rejected/);
    assert.equal(failed.sealed, null);
    const log = await attempts(app.runtime.db, id);
    assert.equal(log.length, 1);
    assert.equal(log[0].outcome, 'failed');
    assert.equal(log[0].error, failed.last_error);
    assert.equal(sink.to(to).length, 1);
  });

  it('a recipient name cannot inject a Bcc header or an extra recipient', async () => {
    const to = addr('eve');
    const id = await enqueue(app, verifyMail(to, 'Eve\r\nBcc: victim@evil.test'));
    await settled(app.runtime.db, id, 'sent');
    const got = sink.to(to);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0].rcptTo, [to]);
    assert.equal(
      sink.received.some((r) => r.rcptTo.includes('victim@evil.test')),
      false,
    );
    assert.doesNotMatch(got[0].headers, /^bcc:/im);
    const toHeader = /^To:.*(?:\r?\n[ \t].*)*/im.exec(got[0].headers)?.[0] ?? '';
    assert.ok(toHeader.includes(to), toHeader);
  });

  it('a password-reset mail goes out only to an account: its guard ends the other unsent, before any transport', async () => {
    const ghost = addr('ghost');
    const owner = addr('owner');
    const { token } = await seedPending(app, owner, 'password-123', 'Owner Name');
    const verified = await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: token }));
    assert.equal(verified.status, 201);
    for (const email of [ghost, owner.toUpperCase()])
      assert.equal((await fetch(`${app.url}/users/password-reset`, json({ email }))).status, 202);
    const idOf = async (to: string) =>
      (
        await app.runtime.db.query<{ id: string }>('SELECT id FROM messages WHERE lower(to_addr) = $1', [to])
      ).map((r) => r.id);
    const [ghostId] = await idOf(ghost);
    const resetIds = await idOf(owner);
    assert.ok(ghostId, 'the unknown address has its message row, like any other');
    const dropped = await settled(app.runtime.db, ghostId, 'suppressed');
    assert.equal(dropped.sealed, null, 'its link wiped');
    assert.equal(dropped.sent_at, null);
    assert.deepEqual(await attempts(app.runtime.db, ghostId), [
      { outcome: 'suppressed', error: 'suppressed: no account has this address' },
    ]);
    const resetId = resetIds.at(-1)!;
    await settled(app.runtime.db, resetId, 'sent');
    assert.equal(
      sink.received.some((r) => r.rcptTo.some((to) => to.toLowerCase() === ghost)),
      false,
      'no SMTP transaction ever named the unknown address',
    );
    // The account's copy went to the address as the account writes it, with its name.
    const got = sink.to(owner).filter((r) => /^Subject: Reset your password$/im.test(r.headers));
    assert.equal(got.length, 1);
    assert.match(got[0].headers, /^To: Owner Name <owner-[0-9a-f]{8}@example\.test>$/im);
  });

  it('a password-reset mail in a process without its guard is not sent as stored: it waits for a retry', async () => {
    const registry = app.app.get<symbol, SendGuardRegistry>(SEND_GUARDS);
    const guards = (registry as unknown as { guards: Map<string, SendGuard> }).guards;
    const guard = guards.get('password-reset');
    assert.ok(guard, 'the app registers the reset guard');
    guards.delete('password-reset');
    try {
      const to = addr('unguarded');
      const id = await enqueue(app, {
        to: { address: to },
        template: 'password-reset',
        locale: 'en',
        data: { name: '', expiresAt: new Date(Date.now() + 1_800_000).toISOString(), resetId: randomUUID() },
        secrets: { link: 'https://mailgate.test/users/password-reset?token=x' },
      });
      const waiting = await settled(app.runtime.db, id, 'retrying');
      assert.equal(waiting.sent_at, null);
      assert.deepEqual(await attempts(app.runtime.db, id), [
        { outcome: 'retry', error: 'send guard unavailable' },
      ]);
      assert.equal(sink.to(to).length, 0, 'nothing reached SMTP');
    } finally {
      guards.set('password-reset', guard);
    }
  });

  it('refuses at enqueue a template it does not know or values it lacks (inside the caller transaction)', async () => {
    const outbox = app.app.get<symbol, MailOutbox>(MAIL_OUTBOX);
    await assert.rejects(
      app.runtime.db.transaction((tx) => outbox.enqueue(tx, { ...verifyMail(addr('x')), template: 'nope' })),
      /unknown mail template/,
    );
    await assert.rejects(
      app.runtime.db.transaction((tx) => outbox.enqueue(tx, { ...verifyMail(addr('x')), secrets: {} })),
      /needs values for: .*link/,
    );
  });

  it('finds work by polling when nobody calls wake()', async () => {
    const to = addr('poll');
    const outbox = app.app.get<symbol, MailOutbox>(MAIL_OUTBOX);
    const { id } = await app.runtime.db.transaction((tx) => outbox.enqueue(tx, verifyMail(to)));
    await settled(app.runtime.db, id, 'sent');
    assert.equal(sink.to(to).length, 1);
  });

  it('keeps at most WORKER.concurrency sends in flight over 8 SMTP connections, and delivers the rest as slots free up', async () => {
    const batch = Array.from({ length: WORKER.concurrency + WORKER.prefetch + 20 }, () => addr('burst'));
    sink.hold();
    try {
      const ids = await app.runtime.db.transaction(async (tx) => {
        const outbox = app.app.get<symbol, MailOutbox>(MAIL_OUTBOX);
        const out: string[] = [];
        for (const to of batch) out.push((await outbox.enqueue(tx, verifyMail(to))).id);
        return out;
      });
      app.app.get<symbol, MailOutbox>(MAIL_OUTBOX).wake();
      const connections = SMTP_POOL.maxConnections;
      await waitFor('8 sends waiting at the server', async () =>
        sink.waiting === connections ? true : undefined,
      );
      // Give the worker a few more chances to claim (it polls every second): the bound must hold.
      for (let i = 0; i < 3; i++) {
        app.app.get<symbol, MailOutbox>(MAIL_OUTBOX).wake();
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      const [{ n }] = await app.runtime.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE status = 'sending' AND id = ANY($1::uuid[])`,
        [ids],
      );
      // Claimed: those in flight (8 on the wire, the rest queued in the pool) plus the prefetched ones
      // held ready; the rest are still queued. Never more than the pool's connections at the server.
      assert.equal(n, WORKER.concurrency + WORKER.prefetch);
      assert.ok(n < batch.length);
      assert.equal(sink.waiting, connections);
      sink.release();
      for (const id of ids) await settled(app.runtime.db, id, 'sent');
      for (const to of batch) assert.equal(sink.to(to).length, 1, to);
    } finally {
      sink.release();
    }
  });

  it('GET /health reports the mail worker', async () => {
    const res = await fetch(`${app.url}/health`);
    const body = (await res.json()) as { checks: Record<string, string> };
    assert.equal(res.status, 200);
    assert.equal(body.checks.mail, 'ok');
  });

  it('a message left "sending" by a crashed worker is delivered after a restart, once', async () => {
    const to = addr('crash');
    const outbox = app.app.get<symbol, MailOutbox>(MAIL_OUTBOX);
    // Enqueue and, in the same transaction, make it look claimed by another worker mid-send.
    const { id, messageId } = await app.runtime.db.transaction(async (tx) => {
      const queued = await outbox.enqueue(tx, verifyMail(to));
      await tx.query(
        `UPDATE messages SET status = 'sending', attempts_made = 1, lease_id = $2,
                locked_until = now() + interval '1 hour' WHERE id = $1`,
        [queued.id, randomUUID()],
      );
      return queued;
    });
    await app.stop();

    // The crashed worker's lease runs out while nothing is running.
    const db = await PgliteDb.open(path.join(app.dataDir, 'db'));
    await db.query(`UPDATE messages SET locked_until = now() - interval '1 minute' WHERE id = $1`, [id]);
    await db.close();

    app = await startTestApp(env(), app.dataDir);
    const sent = await settled(app.runtime.db, id, 'sent');
    assert.equal(sent.message_id, messageId);
    assert.equal(sent.sealed, null);
    const log = await attempts(app.runtime.db, id);
    assert.deepEqual(
      log.map((a) => a.outcome),
      ['retry', 'sent'],
    );
    assert.match(log[0].error ?? '', /interrupted/);
    const got = sink.to(to);
    assert.equal(got.length, 1);
    assert.equal(got[0].messageId, messageId);
  });

  it('on shutdown, stops claiming but lets a send in flight finish and records it', async () => {
    const to = addr('drain');
    sink.hold();
    const id = await enqueue(app, verifyMail(to));
    await waitFor('the send to reach the server', async () => (sink.waiting === 1 ? true : undefined));
    const stopping = app.stop();
    // The server answers only later: stop() must still be waiting for the send, or the row stays 'sending'.
    setTimeout(() => sink.release(), 300);
    await stopping;
    const db = await PgliteDb.open(path.join(app.dataDir, 'db'));
    try {
      const [r] = await db.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
      assert.equal(r.status, 'sent');
      assert.equal(r.sealed, null);
    } finally {
      await db.close();
    }
    assert.equal(sink.to(to).length, 1);
  });
});

describe('mail outbox over SMTP with AUTH', () => {
  let sink: SmtpSink;
  const apps: TestApp[] = [];
  before(async () => {
    sink = await SmtpSink.start({ auth: { user: 'relay@mailgate.test', pass: 'p@ss:word' } });
  });
  after(async () => {
    for (const a of apps) await a.destroy();
    await sink.close();
  });

  async function appWith(userinfo: string): Promise<TestApp> {
    const app = await startTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://${userinfo}@127.0.0.1:${sink.port}`,
      MAILBOX: 'off',
    });
    apps.push(app);
    return app;
  }

  it('authenticates with the credentials in SMTP_URL (percent-decoded)', async () => {
    const app = await appWith('relay%40mailgate.test:p%40ss%3Aword');
    const to = addr('auth');
    const id = await enqueue(app, verifyMail(to));
    await settled(app.runtime.db, id, 'sent');
    assert.equal(sink.to(to).length, 1);
  });

  it('wrong credentials fail the message permanently without leaking the password', async () => {
    const app = await appWith('relay%40mailgate.test:wrong-password');
    const to = addr('noauth');
    const id = await enqueue(app, verifyMail(to));
    const failed = await settled(app.runtime.db, id, 'failed');
    assert.equal(failed.attempts_made, 1);
    assert.match(failed.last_error ?? '', /^SMTP 535: authentication rejected/);
    assert.equal((failed.last_error ?? '').includes('wrong-password'), false);
    assert.equal(sink.to(to).length, 0);
  });
});

/** A port nothing listens on: bound, then closed. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('mail outbox through an SMTP outage', () => {
  it('keeps every message while the server is down and delivers each exactly once when it is back', async () => {
    const port = await freePort();
    const app = await startTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAILBOX: 'off',
      MAIL_FROM: 'mailgate <no-reply@mailgate.test>',
    });
    let sink: SmtpSink | undefined;
    try {
      const recipients = Array.from({ length: 5 }, (_, i) => addr(`outage${i}`));
      const ids = await Promise.all(recipients.map((to) => enqueue(app, verifyMail(to))));
      // Down: every message has failed at least once and is waiting to retry, none is lost or failed.
      for (const id of ids) await settled(app.runtime.db, id, 'retrying');
      sink = await SmtpSink.start({}, port);
      const sent: MessageRow[] = [];
      for (const id of ids) sent.push(await settled(app.runtime.db, id, 'sent'));
      recipients.forEach((to, i) => {
        const copies = sink!.to(to);
        assert.equal(copies.length, 1, `${to} got exactly one copy`);
        assert.equal(copies[0].messageId, sent[i].message_id);
      });
      for (const id of ids) {
        const outcomes = (await attempts(app.runtime.db, id)).map((a) => a.outcome);
        assert.equal(outcomes.at(-1), 'sent');
        assert.ok(
          outcomes.slice(0, -1).every((o) => o === 'retry'),
          outcomes.join(','),
        );
      }
    } finally {
      await app.destroy();
      await sink?.close();
    }
  });
});
