import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { connect, message, smtpAddress } from './smtp-helpers';

interface SendFailure {
  responseCode?: number;
  code?: string;
}

describe('dev mailbox: chaos switches for SMTP', () => {
  let app: TestApp;
  let mailbox: MailboxClient;
  before(async () => {
    // From the setting: the first message is refused 550, then the rule is spent.
    app = await startTestApp({ MAILBOX_CHAOS: '550:1:1' });
    mailbox = new MailboxClient(app.url);
  });
  after(async () => {
    await app.destroy();
  });

  const chaosUrl = () => `${app.url}/mailbox/api/chaos`;

  async function put(rules: unknown): Promise<Response> {
    return fetch(chaosUrl(), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });
  }

  async function current(): Promise<unknown> {
    const res = await fetch(chaosUrl());
    assert.equal(res.status, 200);
    return ((await res.json()) as { rules: unknown }).rules;
  }

  /** Sends one message with nodemailer; resolves to the error, or undefined when it was accepted. */
  async function send(to: string): Promise<SendFailure | undefined> {
    const { host, port } = smtpAddress(app);
    const transport = nodemailer.createTransport({ host, port, secure: false });
    try {
      await transport.sendMail({ envelope: { from: 's@example.test', to: [to] }, raw: message(to) });
      return undefined;
    } catch (err) {
      return err as SendFailure;
    } finally {
      transport.close();
    }
  }

  it('MAILBOX_CHAOS applies from start-up; a counted rule is spent', async () => {
    assert.deepEqual(await current(), [{ reply: 550, rate: 1, count: 1 }]);
    const failure = await send('env@example.test');
    assert.equal(failure?.responseCode, 550);
    assert.deepEqual(await current(), []);
    assert.equal(await send('env@example.test'), undefined);
    assert.equal((await mailbox.list({ to: 'env@example.test' })).length, 1, 'only the second one');
  });

  it('answers 451 to every message with rate 1, storing nothing, until DELETE turns it off', async () => {
    const to = 'flaky@example.test';
    const res = await put([{ reply: 451, rate: 1 }]);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { rules: [{ reply: 451, rate: 1 }] });
    for (let i = 0; i < 3; i++) assert.equal((await send(to))?.responseCode, 451);
    assert.equal((await mailbox.list({ to })).length, 0);

    const off = await fetch(chaosUrl(), { method: 'DELETE' });
    assert.equal(off.status, 204);
    assert.deepEqual(await current(), []);
    assert.equal(await send(to), undefined);
    assert.equal((await mailbox.list({ to })).length, 1);
  });

  it('answers 421, 454 and 550 as asked', async () => {
    for (const reply of [421, 454, 550]) {
      assert.equal((await put([{ reply, rate: 1, count: 1 }])).status, 200);
      assert.equal((await send(`code${reply}@example.test`))?.responseCode, reply);
      assert.equal((await mailbox.list({ to: `code${reply}@example.test` })).length, 0);
    }
  });

  it('drop closes the connection after DATA without any reply, and nothing is stored', async () => {
    const to = 'dropped@example.test';
    assert.equal((await put([{ reply: 'drop', rate: 1, count: 2 }])).status, 200);
    const failure = await send(to);
    assert.ok(failure, 'nodemailer sees a failure');
    assert.equal(failure.responseCode, undefined, 'no SMTP reply came');

    const session = await connect(app);
    session.socket.write(`EHLO x\r\nMAIL FROM:<s@example.test>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    await session.until(/354 /);
    const before354 = session.received.length;
    session.socket.write('Subject: x\r\n\r\nbody\r\n.\r\n');
    await new Promise<void>((resolve) => session.socket.once('close', () => resolve()));
    assert.equal(session.received.slice(before354), '', 'nothing after the 354');
    assert.equal((await mailbox.list({ to })).length, 0);
    assert.equal(await send(to), undefined, 'the rule is spent');
  });

  it('refuses rules it does not understand', async () => {
    for (const rules of [[{ reply: 500, rate: 1 }], [{ reply: 451, rate: 2 }], [{ reply: 451 }], 'x']) {
      const res = await put(rules);
      assert.equal(res.status, 400, JSON.stringify(rules));
      assert.equal(((await res.json()) as { code: string }).code, 'validation_failed');
    }
    assert.deepEqual(await current(), []);
  });
});
