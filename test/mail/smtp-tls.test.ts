import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { loadDevCertificate } from '../../src/modules/mailbox/tls/dev-certificate';
import { tempDataDir } from '../support/app';
import { SmtpSink } from './smtp-sink';

const run = promisify(execFile);

/**
 * The `smtp` transport's TLS as a user configures it: `SMTP_URL` parsed by the transport, the sender
 * thread, nodemailer's pool, a server with a certificate the process trusts only through
 * `NODE_EXTRA_CA_CERTS` (how a private CA is added to Node). Each send runs in its own process,
 * since Node reads that variable once at start. The certificate is checked: without the CA the
 * send fails and nothing arrives.
 */
const SEND_ONE = `
const { parseSmtpUrl } = require(${JSON.stringify(path.resolve(__dirname, '../../src/modules/mail/transports/smtp/smtp.transport.js'))});
const { ThreadedSmtpSender } = require(${JSON.stringify(path.resolve(__dirname, '../../src/modules/mail/transports/nodemailer/threaded-smtp.sender.js'))});
const sender = new ThreadedSmtpSender(parseSmtpUrl(process.env.SMTP_URL));
const mail = {
  messageId: process.env.MESSAGE_ID,
  from: { address: 'no-reply@mailgate.test' },
  to: { address: process.env.RCPT },
  subject: 'over TLS',
  text: 'hello',
  headers: {},
};
sender.send(mail).then(
  () => ({ ok: true }),
  (e) => ({ ok: false, kind: e.kind, message: e.message }),
).then(async (outcome) => {
  await sender.close();
  process.stdout.write(JSON.stringify(outcome));
});
`;

interface Outcome {
  ok: boolean;
  kind?: string;
  message?: string;
}

async function sendInChild(smtpUrl: string, rcpt: string, messageId: string, ca?: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, SMTP_URL: smtpUrl, RCPT: rcpt, MESSAGE_ID: messageId };
  delete env.NODE_EXTRA_CA_CERTS;
  if (ca) env.NODE_EXTRA_CA_CERTS = ca;
  const { stdout } = await run(process.execPath, ['-e', SEND_ONE], { env, timeout: 30_000 });
  return JSON.parse(stdout) as Outcome;
}

describe('smtp transport over TLS (smtps:// and STARTTLS, with AUTH)', () => {
  const auth = { user: 'sender', pass: 's3cret pass' };
  let dir: string;
  let caFile: string;
  let implicit: SmtpSink;
  let starttls: SmtpSink;

  before(async () => {
    dir = await tempDataDir();
    const certificate = await loadDevCertificate(path.join(dir, 'tls'), ['127.0.0.1']);
    caFile = path.join(dir, 'tls', 'cert.pem');
    implicit = await SmtpSink.start({ auth, tls: { mode: 'implicit', ...certificate } });
    starttls = await SmtpSink.start({ auth, tls: { mode: 'starttls', ...certificate } });
  });
  after(async () => {
    await Promise.all([implicit.close(), starttls.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const credentials = `${auth.user}:${encodeURIComponent(auth.pass)}`;
  const rcpt = () => `tls-${randomUUID().slice(0, 8)}@example.test`;

  it('smtps:// speaks TLS from the first byte, authenticates and delivers', async () => {
    const to = rcpt();
    const messageId = `<${randomUUID()}@mailgate.test>`;
    const outcome = await sendInChild(
      `smtps://${credentials}@127.0.0.1:${implicit.port}`,
      to,
      messageId,
      caFile,
    );
    assert.deepEqual(outcome, { ok: true });
    const [got] = implicit.to(to);
    assert.equal(got.secure, true);
    assert.equal(got.messageId, messageId);
  });

  it('smtp:// upgrades with STARTTLS before AUTH when the server offers it', async () => {
    const to = rcpt();
    const outcome = await sendInChild(
      `smtp://${credentials}@127.0.0.1:${starttls.port}`,
      to,
      `<${randomUUID()}@mailgate.test>`,
      caFile,
    );
    assert.deepEqual(outcome, { ok: true });
    assert.equal(starttls.to(to)[0]?.secure, true);
  });

  it('refuses a certificate the process does not trust: the send fails and nothing arrives', async () => {
    const to = rcpt();
    const outcome = await sendInChild(
      `smtps://${credentials}@127.0.0.1:${implicit.port}`,
      to,
      `<${randomUUID()}@t>`,
    );
    assert.equal(outcome.ok, false);
    assert.match(outcome.message ?? '', /TLS certificate was not accepted/);
    assert.equal(implicit.to(to).length, 0);
  });
});
