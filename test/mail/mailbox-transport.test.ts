import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config';
import { MailboxTransport } from '../../src/modules/mail/transports/mailbox/mailbox.transport';
import { type OutgoingMail, TransportError } from '../../src/modules/mail/transports/mail-transport.port';
import { tempDataDir } from '../support/app';
import { SmtpSink } from './smtp-sink';

const mail: OutgoingMail = {
  messageId: '<4f1c7c1e-0000-4000-8000-000000000001@mailgate.test>',
  from: { name: 'mailgate', address: 'no-reply@mailgate.test' },
  to: { name: '김민준', address: 'minjun@example.test' },
  subject: '이메일 주소를 확인해 주세요',
  text: 'code 123456',
  html: '<p>code 123456</p>',
  headers: { 'Auto-Submitted': 'auto-generated' },
};

describe('mailbox transport', () => {
  let sink: SmtpSink;
  let dataDir: string;
  before(async () => {
    sink = await SmtpSink.start();
    dataDir = await tempDataDir();
  });
  after(async () => {
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers over SMTP to wherever the mailbox listens at send time', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MAIL_TRANSPORT: 'mailbox' });
    const transport = new MailboxTransport(config, {
      smtpAddress: () => ({ host: '127.0.0.1', port: sink.port }),
    });
    try {
      const result = await transport.send(mail);
      assert.deepEqual(result.accepted, ['minjun@example.test']);
      const [got] = sink.to('minjun@example.test');
      assert.equal(got.messageId, mail.messageId);
      assert.match(got.headers, /^Subject: =\?UTF-8\?/im, 'a Korean subject is MIME-encoded');
    } finally {
      await transport.close();
    }
  });

  it('without a running mailbox the send is a retryable TransportError', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MAIL_TRANSPORT: 'mailbox' });
    const transport = new MailboxTransport(config, undefined);
    await assert.rejects(transport.send(mail), (err: unknown) => {
      assert.ok(err instanceof TransportError);
      assert.equal(err.kind, 'retryable');
      return true;
    });
  });
});
