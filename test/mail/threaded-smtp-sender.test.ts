import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { type OutgoingMail, TransportError } from '../../src/modules/mail/transports/mail-transport.port';
import { SMTP_POOL } from '../../src/modules/mail/transports/nodemailer/nodemailer-smtp.sender';
import { STARTED_MAX } from '../../src/modules/mail/transports/nodemailer/smtp-sender.thread';
import { ThreadedSmtpSender } from '../../src/modules/mail/transports/nodemailer/threaded-smtp.sender';
import { SmtpSink, waitFor } from './smtp-sink';

/**
 * What the sender thread adds to the SMTP contract (transports.test.ts runs that contract through
 * it): bytes survive the thread boundary, and a thread that dies or is closed fails what it held
 * as retryable instead of leaving the worker waiting.
 */
describe('SMTP sender thread', () => {
  let sink: SmtpSink;
  before(async () => {
    sink = await SmtpSink.start();
  });
  after(async () => {
    sink.release();
    await sink.close();
  });

  const sender = () => new ThreadedSmtpSender({ host: '127.0.0.1', port: sink.port, secure: false });
  const mail = (to: string, extra: Partial<OutgoingMail> = {}): OutgoingMail => ({
    messageId: `<${randomUUID()}@mailgate.test>`,
    from: { address: 'no-reply@mailgate.test' },
    to: { address: to },
    subject: 'threaded',
    text: 'hello',
    html: '<p>hello</p>',
    headers: {},
    ...extra,
  });
  const addr = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const threadOf = (s: ThreadedSmtpSender) => (s as unknown as { thread?: Worker }).thread;

  it('sends an attachment byte for byte (a Buffer crosses the thread as a Uint8Array)', async () => {
    const s = sender();
    try {
      const content = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const to = addr('attach');
      await s.send(
        mail(to, {
          attachments: [{ filename: 'all-bytes.bin', contentType: 'application/octet-stream', content }],
        }),
      );
      const [got] = sink.to(to);
      const base64 = got.raw
        .split(/\r?\n\r?\n/)
        .find((part, i, parts) => i > 0 && /filename="?all-bytes\.bin/.test(parts[i - 1]))
        ?.split(/\r?\n--/)[0]
        .replace(/\s+/g, '');
      assert.ok(base64, 'the attachment part is in the message');
      assert.deepEqual(Buffer.from(base64, 'base64'), content);
    } finally {
      await s.close();
    }
  });

  it('a thread that dies fails its sends as retryable; the next send starts a new thread', async () => {
    const s = sender();
    try {
      sink.hold();
      const held = s.send(mail(addr('held')));
      await waitFor('the send to reach the server', async () => (sink.waiting === 1 ? true : undefined));
      await threadOf(s)?.terminate();
      const err = await held.then(
        () => assert.fail('the send should fail'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TransportError);
      assert.equal(err.kind, 'retryable');
      sink.release();
      const to = addr('after');
      const result = await s.send(mail(to));
      assert.deepEqual(result.accepted, [to]);
    } finally {
      sink.release();
      await s.close();
    }
  });

  it('after a 454, sends still waiting in the thread are not tried: they end as throttled at once', async () => {
    const s = sender();
    try {
      sink.hold();
      // More than the thread hands to nodemailer at once; every one that reaches the server gets 454.
      const handed = Array.from({ length: STARTED_MAX }, () => addr('throttle'));
      const held = Array.from({ length: 4 }, () => addr('held-back'));
      for (const to of handed) sink.script(to, [454]);
      const sends = [...handed, ...held].map((to) =>
        s.send(mail(to)).then(
          () => assert.fail(`${to} should not be sent`),
          (e: unknown) => e,
        ),
      );
      await waitFor('the pool to fill', async () =>
        sink.waiting === SMTP_POOL.maxConnections ? true : undefined,
      );
      sink.release();
      const errors = await Promise.all(sends);
      for (const [i, err] of errors.entries()) {
        assert.ok(err instanceof TransportError);
        assert.equal(err.kind, 'throttled');
        assert.match(err.message, i < handed.length ? /^SMTP 454/ : /^not sent: SMTP 454/);
      }
      for (const to of handed) assert.equal(sink.to(to).length, 1, to);
      for (const to of held) assert.equal(sink.to(to).length, 0, `${to} reached the server`);
    } finally {
      sink.release();
      await s.close();
    }
  });

  it('close() ends a send still waiting for the server as retryable, and later sends are refused', async () => {
    const s = sender();
    sink.hold();
    const held = s.send(mail(addr('closing')));
    await waitFor('the send to reach the server', async () => (sink.waiting >= 1 ? true : undefined));
    await s.close();
    await assert.rejects(held, (e: unknown) => e instanceof TransportError && e.kind === 'retryable');
    await assert.rejects(
      s.send(mail(addr('late'))),
      (e: unknown) => e instanceof TransportError && e.kind === 'retryable',
    );
    sink.release();
  });
});
