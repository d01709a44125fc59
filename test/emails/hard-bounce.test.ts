import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '../mail/smtp-sink';
import { startTestApp, type TestApp } from '../support/app';

const KEY = 'mg_test_key_bounce_0123456789';

/**
 * A relay that knows which mailboxes exist: RCPT TO a `gone-…` address gets `550 5.1.1 user unknown`,
 * a `policy-…` one `550 5.7.1` (a permanent failure that is not about the mailbox).
 */
async function relay(): Promise<{ port: number; accepted: string[]; close: () => Promise<void> }> {
  const accepted: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = (code: number, text: string) =>
        callback(Object.assign(new Error(text), { responseCode: code }));
      if (address.address.startsWith('gone-')) return reply(550, '5.1.1 user unknown');
      if (address.address.startsWith('policy-')) return reply(550, '5.7.1 rejected by policy');
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        accepted.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    accepted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('hard bounces at send time', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof relay>>;
  before(async () => {
    smtp = await relay();
    app = await startTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAILBOX: 'off',
      API_KEYS: KEY,
    });
  });
  after(async () => {
    await app.destroy();
    await smtp.close();
  });

  const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  async function send(to: string): Promise<string> {
    const res = await fetch(`${app.url}/emails`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ to, subject: 'Hello', text: 'Hi' }),
    });
    assert.equal(res.status, 202);
    return ((await res.json()) as { id: string }).id;
  }
  const settled = (id: string, status: string) =>
    waitFor(`email ${id} to be ${status}`, async () => {
      const v = (await (await fetch(`${app.url}/emails/${id}`, { headers: auth })).json()) as {
        status: string;
        attempts: { outcome: string; error?: string }[];
      };
      return v.status === status ? v : undefined;
    });
  const suppressed = async () =>
    (
      (await (await fetch(`${app.url}/emails/suppressions`, { headers: auth })).json()) as {
        suppressions: { address: string; reason: string; source: string }[];
      }
    ).suppressions;

  it('550 5.1.1 fails the message once and suppresses the address; the next message is not sent', async () => {
    const to = `gone-${randomUUID().slice(0, 8)}@example.test`;
    const failed = await settled(await send(to), 'failed');
    assert.equal(failed.attempts.length, 1);
    assert.equal(failed.attempts[0].error, 'SMTP 550: recipient unknown (5.1.1) (after RCPT)');
    const entry = await waitFor('the suppression', async () =>
      (await suppressed()).find((s) => s.address === to),
    );
    assert.deepEqual(entry && { reason: entry.reason, source: entry.source }, {
      reason: 'hard_bounce',
      source: 'smtp',
    });
    const next = await settled(await send(to), 'suppressed');
    assert.equal(next.attempts[0].outcome, 'suppressed');
    assert.match(next.attempts[0].error ?? '', /hard_bounce/);
  });

  it('another permanent failure (550 5.7.1) fails the message but does not suppress', async () => {
    const to = `policy-${randomUUID().slice(0, 8)}@example.test`;
    const failed = await settled(await send(to), 'failed');
    assert.equal(failed.attempts[0].error, 'SMTP 550: rejected (after RCPT)');
    assert.equal(
      (await suppressed()).some((s) => s.address === to),
      false,
    );
    const ok = `fine-${randomUUID().slice(0, 8)}@example.test`;
    await settled(await send(ok), 'sent');
    assert.deepEqual(smtp.accepted, [ok]);
  });
});
