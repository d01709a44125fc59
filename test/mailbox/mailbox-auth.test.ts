import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { startTestApp, tempDataDir, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { smtpAddress } from './smtp-helpers';

/** DKIM/SPF results and attachments in the message view, checked by mailauth with the local resolver. */
describe('mailbox message view: authentication and attachments', () => {
  let app: TestApp;
  let mailbox: MailboxClient;

  before(async () => {
    const dataDir = await tempDataDir();
    const keyFile = path.join(dataDir, 'dkim.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    app = await startTestApp(
      {
        DKIM_DOMAIN: 'example.test',
        DKIM_SELECTOR: 'mg1',
        DKIM_PRIVATE_KEY_FILE: keyFile,
        MAIL_FROM: 'mailgate <no-reply@example.test>',
        RATE_LIMIT: 'off',
      },
      dataDir,
    );
    mailbox = new MailboxClient(app.url);
  });
  after(async () => {
    await app?.destroy();
  });

  it("shows DKIM pass and SPF pass for mailgate's own signed mail", async () => {
    const res = await fetch(`${app.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' }),
    });
    assert.equal(res.status, 202);
    const mail = await mailbox.waitFor('ada@example.com', { timeoutMs: 15_000 });
    assert.ok(mail);
    assert.deepEqual(mail.auth, { dkim: 'pass', dkimDomain: 'example.test', spf: 'pass' });
  });

  it('shows a tampered signature as failing and unknown senders as none', async () => {
    const first = await mailbox.waitFor('ada@example.com', { timeoutMs: 15_000 });
    assert.ok(first);
    const raw = (await mailbox.raw(first.id)).toString('latin1');
    // Same signed headers, different body: the body hash no longer matches.
    const tampered = raw.replace(/Thanks for signing up\./, 'Thanks for signing up!');
    assert.notEqual(tampered, raw);
    const { host, port } = smtpAddress(app);
    const transport = nodemailer.createTransport({ host, port, secure: false });
    try {
      await transport.sendMail({
        envelope: { from: 'no-reply@example.test', to: ['tamper@example.com'] },
        raw: tampered,
      });
      await transport.sendMail({
        envelope: { from: 'someone@elsewhere.test', to: ['stranger@example.com'] },
        from: 'someone@elsewhere.test',
        to: 'stranger@example.com',
        subject: 'unsigned',
        text: 'hello',
      });
    } finally {
      transport.close();
    }
    const bad = await mailbox.waitFor('tamper@example.com', { timeoutMs: 10_000 });
    // mailauth reports a body-hash mismatch as `neutral` (RFC 6376 leaves the label to the verifier).
    assert.ok(bad && ['fail', 'neutral'].includes(bad.auth.dkim), `got ${bad?.auth.dkim}`);
    const stranger = await mailbox.waitFor('stranger@example.com', { timeoutMs: 10_000 });
    assert.equal(stranger?.auth.dkim, 'none');
    assert.notEqual(stranger?.auth.spf, 'pass');
  });

  it('lists attachments and serves each one as a download', async () => {
    const { host, port } = smtpAddress(app);
    const transport = nodemailer.createTransport({ host, port, secure: false });
    const content = Buffer.from([0, 1, 2, 250, 251, 252]);
    try {
      await transport.sendMail({
        from: 'a@example.test',
        to: 'files@example.com',
        subject: 'with a file',
        text: 'see attached',
        attachments: [{ filename: 'report "q3".bin', content, contentType: 'application/octet-stream' }],
      });
    } finally {
      transport.close();
    }
    const mail = await mailbox.waitFor('files@example.com', { timeoutMs: 10_000 });
    assert.ok(mail);
    assert.equal(mail.attachments.length, 1);
    assert.equal(mail.attachments[0].filename, 'report "q3".bin');
    assert.equal(mail.attachments[0].size, content.length);
    const res = await fetch(`${app.url}/mailbox/api/messages/${mail.id}/attachments/0`);
    assert.equal(res.status, 200);
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /^attachment; filename\*=UTF-8''report%20%22q3%22\.bin$/,
    );
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), content);
    const missing = await fetch(`${app.url}/mailbox/api/messages/${mail.id}/attachments/5`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'attachment_not_found');
  });
});
