import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config';
import { MailboxTransport } from '../../src/modules/mail/transports/mailbox/mailbox.transport';
import { SmtpTransport } from '../../src/modules/mail/transports/smtp/smtp.transport';
import { SmtpSink } from './smtp-sink';
import { refusedIsRetryable, transportContract } from './transport-contract';

// loadConfig writes development secrets into DATA_DIR; give it a throwaway one.
const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-transports-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const config = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });

transportContract(
  'smtp',
  (sink) => new SmtpTransport(config({ MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url })),
);

transportContract(
  'mailbox',
  (sink) =>
    new MailboxTransport(config({ MAIL_TRANSPORT: 'mailbox' }), {
      smtpAddress: () => ({ host: '127.0.0.1', port: sink.port }),
    }),
);

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('transports when the server is unreachable', () => {
  it('smtp: a refused connection is retryable', async () => {
    const transport = new SmtpTransport(
      config({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${await deadPort()}` }),
    );
    try {
      await refusedIsRetryable(transport);
    } finally {
      await transport.close();
    }
  });

  it('mailbox: no running mailbox is retryable', async () => {
    await refusedIsRetryable(new MailboxTransport(config({ MAIL_TRANSPORT: 'mailbox' }), undefined));
  });
});

describe('DKIM', () => {
  it('signs outgoing mail when DKIM_* is set', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dataDir, 'dkim.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const sink = await SmtpSink.start();
    const transport = new SmtpTransport(
      config({
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        DKIM_DOMAIN: 'mailgate.test',
        DKIM_SELECTOR: 's1',
        DKIM_PRIVATE_KEY_FILE: keyFile,
      }),
    );
    try {
      await transport.send({
        messageId: '<dkim-1@mailgate.test>',
        from: { address: 'no-reply@mailgate.test' },
        to: { address: 'dkim@example.test' },
        subject: 'signed',
        text: 'hello',
        html: '<p>hello</p>',
        headers: {},
      });
      const [got] = sink.to('dkim@example.test');
      assert.match(got.headers, /^DKIM-Signature: .*d=mailgate\.test;/im);
      assert.match(got.headers, /s=s1;/);
    } finally {
      await transport.close();
      await sink.close();
    }
  });
});
