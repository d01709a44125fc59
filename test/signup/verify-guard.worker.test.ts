import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SmtpSink, waitFor } from '../mail/smtp-sink';
import { startTestApp, type TestApp } from '../support/app';
import { json, seedPending } from './seed';

interface MessageRow {
  id: string;
  status: string;
  template: string;
  to_addr: string;
  to_name: string | null;
  subject: string;
  sealed: Uint8Array | null;
  last_error: string | null;
}

const addr = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

/**
 * POST /users queues the same challenge mail for every address; the signup-verify mail's send guard
 * decides in the real worker, over SMTP, whether it goes out. Rate limits are on: the notice's limit
 * is what ends the second attempt's mail unsent.
 */
describe('signup-verify send guard, through the worker', () => {
  let sink: SmtpSink;
  let app: TestApp;

  before(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
      MAILBOX: 'off',
      MAIL_FROM: 'mailgate <no-reply@mailgate.test>',
    });
  });
  after(async () => {
    await app.destroy();
    await sink.close();
  });

  const messages = (to: string) =>
    app.runtime.db.query<MessageRow>(
      'SELECT * FROM messages WHERE lower(to_addr) = $1 ORDER BY created_at, id',
      [to.toLowerCase()],
    );

  /** The address's messages once every one of them is final. */
  const settledMessages = (to: string, count: number) =>
    waitFor(`${count} final messages to ${to}`, async () => {
      const rows = await messages(to);
      return rows.length === count && rows.every((r) => ['sent', 'suppressed', 'failed'].includes(r.status))
        ? rows
        : undefined;
    });

  const signup = async (email: string, name: string) => {
    const res = await fetch(`${app.url}/users`, json({ name, email, password: 'password-123' }));
    assert.equal(res.status, 202);
  };

  const pendingStates = async (emailKey: string) =>
    (
      await app.runtime.db.query<{ state: string }>(
        'SELECT state FROM pending_signups WHERE email_key = $1 ORDER BY created_at',
        [emailKey],
      )
    ).map((r) => r.state);

  it('an address with an account: the owner gets the notice, nothing with a link or code reaches SMTP; a second attempt ends suppressed', async () => {
    const owner = addr('owner');
    const { token } = await seedPending(app, owner, 'password-123', 'Owner Name');
    assert.equal(
      (await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: token }))).status,
      201,
    );

    await signup(owner.toUpperCase(), 'Mallory');
    const [notice] = await settledMessages(owner, 1);
    assert.equal(notice.status, 'sent');
    assert.equal(notice.template, 'signup-exists', 'the row is the notice now');
    assert.equal(notice.subject, 'Someone tried to sign up with your email address');
    assert.equal(notice.sealed, null, 'the challenge was wiped');
    assert.deepEqual(await pendingStates(owner), ['verified', 'revoked'], 'the attempt was withdrawn');

    const got = sink.to(owner);
    assert.equal(got.length, 1);
    assert.match(got[0].headers, /^Subject: Someone tried to sign up with your email address$/im);
    assert.match(
      got[0].headers,
      /^To: Owner Name <owner-[0-9a-f]{8}@example\.test>$/im,
      'the owner, as stored',
    );
    assert.doesNotMatch(got[0].raw, /signupVerifyToken|email-verify/, 'no verification link');
    assert.doesNotMatch(got[0].raw, /Mallory/, 'not the name the stranger typed');

    await signup(owner, 'Mallory');
    const [, throttled] = await settledMessages(owner, 2);
    assert.equal(throttled.status, 'suppressed');
    assert.equal(throttled.template, 'signup-verify');
    assert.equal(throttled.sealed, null, 'its link and code wiped');
    assert.equal(throttled.last_error, 'suppressed: the address has an account; notice throttled');
    assert.deepEqual(await pendingStates(owner), ['verified', 'revoked', 'revoked']);
    assert.equal(sink.to(owner).length, 1, 'no second SMTP transaction for the owner');
  });

  it('a new address gets its challenge unchanged', async () => {
    const to = addr('new');
    await signup(to, 'Nia');
    const [mail] = await settledMessages(to, 1);
    assert.equal(mail.status, 'sent');
    assert.equal(mail.template, 'signup-verify');
    const [got] = sink.to(to);
    assert.match(got.raw, /signupVerifyToken=/);
    assert.deepEqual(await pendingStates(to), ['pending']);
  });
});
