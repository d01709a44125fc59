import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { connect, message, sendRaw, smtpAddress } from './smtp-helpers';

const MiB = 1024 * 1024;

describe('dev mailbox: SMTP listener under abuse', () => {
  let app: TestApp;
  let mailbox: MailboxClient;
  before(async () => {
    app = await startTestApp();
    mailbox = new MailboxClient(app.url);
  });
  after(async () => {
    await app.destroy();
  });

  async function stillAccepts(to: string): Promise<void> {
    const response = await sendRaw(
      app,
      { from: 's@example.test', to: [to] },
      message(to, `after abuse ${to}`),
    );
    assert.match(response, /^250 /);
    assert.equal((await mailbox.list({ to })).length, 1);
  }

  it('advertises SIZE and accepts AUTH without requiring it', async () => {
    const session = await connect(app);
    session.socket.write('EHLO client.test\r\n');
    const greeting = await session.until(/250 [^\r\n]*\r\n$/);
    assert.match(greeting, /250[- ]SIZE 26214400\r\n/);
    assert.match(greeting, /250[- ]AUTH LOGIN PLAIN\r\n/);
    assert.doesNotMatch(greeting, /STARTTLS/);
    session.destroy();

    const { host, port } = smtpAddress(app);
    const transport = nodemailer.createTransport({
      host,
      port,
      secure: false,
      auth: { user: 'any', pass: 'thing' },
    });
    try {
      const info = await transport.sendMail({
        envelope: { from: 's@example.test', to: ['auth@example.test'] },
        raw: message('auth@example.test'),
      });
      assert.match(info.response, /^250 /);
    } finally {
      transport.close();
    }
  });

  it('survives garbage bytes and still accepts a good message', async () => {
    const session = await connect(app);
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    session.socket.write(garbage);
    session.socket.write('\r\n\x00\xff NOT A COMMAND\r\nQUIT\r\n');
    await session.until(/221 /);
    session.destroy();
    await stillAccepts('after-garbage@example.test');
  });

  it('survives half-open and idle connections, storing nothing from an unfinished DATA', async () => {
    const idle = await connect(app);
    const half = await connect(app);
    half.socket.write('EHLO x\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<half@example.test>\r\nDATA\r\n');
    assert.match(await half.until(/354 /), /354 /);
    half.socket.write('Subject: never finished\r\n\r\npartial body');
    half.socket.end(); // half-close: we send no more, the server still may write
    await stillAccepts('after-half-open@example.test');
    assert.equal((await mailbox.list({ to: 'half@example.test' })).length, 0);
    idle.destroy();
    half.destroy();
  });

  it('answers 552 to an oversized message, keeps nothing, and still accepts a good one', async () => {
    const declared = await connect(app);
    declared.socket.write('EHLO x\r\nMAIL FROM:<a@example.test> SIZE=30000000\r\n');
    assert.match(await declared.until(/\r\n5\d\d [^\r\n]*\r\n$/), /\r\n552 /);
    declared.destroy();

    const session = await connect(app);
    session.socket.write('EHLO x\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<big@example.test>\r\nDATA\r\n');
    assert.match(await session.until(/354 /), /354 /);
    const line = Buffer.from('x'.repeat(998) + '\r\n');
    const chunk = Buffer.concat(Array.from({ length: 1024 }, () => line)); // ~1 MiB
    session.socket.write('Subject: too big\r\n\r\n');
    for (let sent = 0; sent <= 26 * MiB; sent += chunk.length) {
      if (!session.socket.write(chunk)) await new Promise((r) => session.socket.once('drain', r));
    }
    session.socket.write('\r\n.\r\n');
    const reply = await session.until(/\r\n(250|4\d\d|5\d\d) [^\r\n]*\r\n$/);
    assert.match(reply, /\r\n552 /);
    session.destroy();
    assert.equal((await mailbox.list({ to: 'big@example.test' })).length, 0);
    await stillAccepts('after-oversize@example.test');
  });
});
