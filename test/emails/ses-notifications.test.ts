import assert from 'node:assert/strict';
import { randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDevCertificate } from '../../src/modules/mailbox/tls/dev-certificate';
import { waitFor } from '../mail/smtp-sink';
import { startTestApp, type TestApp } from '../support/app';

const KEY = 'mg_test_key_ses_events_0123456789';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:mailgate-ses-events';
const CERT_PATH = '/SimpleNotificationService-0000000000000000000000.pem';

/**
 * A stand-in for SNS's HTTPS host (AWS cannot be reached from here): it serves the signing
 * certificate and answers SubscribeURL visits, over TLS with a self-signed certificate the app is
 * told to trust through the test-only SNS_TEST_CA_FILE. Every request it saw is kept.
 */
class SnsHost {
  readonly seen: string[] = [];
  port = 0;
  private server!: https.Server;

  static async start(tls: { key: Buffer; cert: Buffer }, signingCert: Buffer): Promise<SnsHost> {
    const host = new SnsHost();
    host.server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      host.seen.push(`${req.method} ${req.url}`);
      if (req.method === 'GET' && req.url === CERT_PATH) {
        res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert' });
        res.end(signingCert);
      } else if (req.method === 'GET' && req.url?.startsWith('/?Action=ConfirmSubscription&')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>x</SubscriptionArn>',
        );
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
    host.port = (host.server.address() as AddressInfo).port;
    return host;
  }

  url(pathAndQuery: string): string {
    return `https://127.0.0.1:${this.port}${pathAndQuery}`;
  }

  count(prefix: string): number {
    return this.seen.filter((s) => s.startsWith(prefix)).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

type Fields = Record<string, string>;

/**
 * The string SNS signs, written out here from AWS's documentation rather than taken from the code
 * under test: "name\nvalue\n" per signed field, in byte order of the names.
 */
function canonical(m: Fields): string {
  const names =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return names
    .filter((n) => m[n] !== undefined)
    .map((n) => `${n}\n${m[n]}\n`)
    .join('');
}

describe('SES bounce and complaint notifications through SNS (POST /emails/events/sns)', () => {
  let dir: string;
  let signingKey: Buffer;
  let sns: SnsHost;
  let app: TestApp;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mailgate-sns-'));
    const tls = await loadDevCertificate(path.join(dir, 'tls'), ['127.0.0.1']);
    const signing = await loadDevCertificate(path.join(dir, 'signing'), []);
    signingKey = signing.key;
    sns = await SnsHost.start(tls, signing.cert);
    app = await startTestApp({
      API_KEYS: KEY,
      SES_NOTIFICATIONS_TOPIC_ARN: TOPIC,
      SNS_TEST_CERT_HOST: '127.0.0.1',
      SNS_TEST_CA_FILE: path.join(dir, 'tls', 'cert.pem'),
    });
  });
  after(async () => {
    await app.destroy();
    await sns.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A message as SNS would post it, signed with the stand-in's signing key. */
  function signed(fields: Fields, version: '1' | '2' = '2'): Fields {
    const m: Fields = {
      MessageId: randomUUID(),
      TopicArn: TOPIC,
      Timestamp: new Date().toISOString(),
      SignatureVersion: version,
      SigningCertURL: sns.url(CERT_PATH),
      ...fields,
    };
    const signature = sign(
      version === '1' ? 'sha1' : 'sha256',
      Buffer.from(canonical(m), 'utf8'),
      signingKey,
    );
    return { ...m, Signature: signature.toString('base64') };
  }

  function notification(ses: unknown, extra: Fields = {}, version: '1' | '2' = '2'): Fields {
    return signed({ Type: 'Notification', Message: JSON.stringify(ses), ...extra }, version);
  }

  function bounce(bounceType: string, addresses: string[]) {
    return {
      notificationType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
        bouncedRecipients: addresses.map((emailAddress) => ({
          emailAddress,
          action: 'failed',
          status: '5.1.1',
        })),
        timestamp: new Date().toISOString(),
        feedbackId: randomUUID(),
      },
      mail: { timestamp: new Date().toISOString(), source: 'no-reply@localhost', messageId: randomUUID() },
    };
  }

  async function post(
    message: Fields,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: { code?: string } }> {
    const res = await fetch(`${app.url}/emails/events/sns`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': message.Type,
        'x-amz-sns-message-id': message.MessageId,
        'x-amz-sns-topic-arn': message.TopicArn,
        'user-agent': 'Amazon Simple Notification Service Agent',
        ...headers,
      },
      body: JSON.stringify(message),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as { code?: string }) };
  }

  const auth = { authorization: `Bearer ${KEY}` };
  async function suppression(address: string) {
    const { suppressions } = (await (
      await fetch(`${app.url}/emails/suppressions`, { headers: auth })
    ).json()) as {
      suppressions: { address: string; reason: string; source: string }[];
    };
    return suppressions.find((s) => s.address === address);
  }
  const addr = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

  it('a signed Permanent bounce suppresses each recipient; a later POST /emails to one ends suppressed', async () => {
    const [a, b] = [addr('gone'), addr('gone')];
    const res = await post(notification(bounce('Permanent', [a, b])));
    assert.equal(res.status, 204, JSON.stringify(res.body));
    for (const address of [a, b]) {
      const entry = await suppression(address);
      assert.deepEqual(entry && [entry.reason, entry.source], ['hard_bounce', 'ses'], address);
    }

    const sent = await fetch(`${app.url}/emails`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ to: a.toUpperCase(), subject: 'Hello again', text: 'Hi' }),
    });
    assert.equal(sent.status, 202);
    const { id } = (await sent.json()) as { id: string };
    const view = await waitFor('the message to be suppressed', async () => {
      const v = (await (await fetch(`${app.url}/emails/${id}`, { headers: auth })).json()) as {
        status: string;
        attempts: { outcome: string; error?: string }[];
      };
      return v.status === 'queued' || v.status === 'sending' ? undefined : v;
    });
    assert.equal(view.status, 'suppressed');
    assert.match(view.attempts[0].error ?? '', /hard_bounce/);
  });

  it('a complaint (SignatureVersion 1, with a Subject) suppresses as complaint; not-spam does not', async () => {
    const [c, d] = [addr('complainer'), addr('fan')];
    const complaint = (address: string, complaintFeedbackType: string) => ({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: address }], complaintFeedbackType, timestamp: '' },
      mail: {},
    });
    const res = await post(
      notification(complaint(c, 'abuse'), { Subject: 'Amazon SES Email Event Notification' }, '1'),
    );
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal((await suppression(c))?.reason, 'complaint');
    assert.equal((await post(notification(complaint(d, 'not-spam')))).status, 204);
    assert.equal(await suppression(d), undefined);
  });

  it('a Transient bounce and a Delivery are accepted and suppress nothing', async () => {
    const t = addr('full');
    assert.equal((await post(notification(bounce('Transient', [t])))).status, 204);
    assert.equal(
      (await post(notification({ notificationType: 'Delivery', delivery: {}, mail: {} }))).status,
      204,
    );
    assert.equal(await suppression(t), undefined);
  });

  it('a tampered message → 403 sns_signature_invalid and nothing suppressed', async () => {
    const [victim, other] = [addr('victim'), addr('other')];
    const genuine = notification(bounce('Permanent', [other]));
    const tampered = { ...genuine, Message: genuine.Message.replace(other, victim) };
    const res = await post(tampered);
    assert.deepEqual([res.status, res.body.code], [403, 'sns_signature_invalid']);
    // The signature of one field moved onto another message fails too.
    const swapped = { ...notification(bounce('Permanent', [victim])), Signature: genuine.Signature };
    assert.equal((await post(swapped)).body.code, 'sns_signature_invalid');
    // Signed with SHA-256 but claiming version 1.
    assert.equal((await post({ ...genuine, SignatureVersion: '1' })).body.code, 'sns_signature_invalid');
    assert.equal(await suppression(victim), undefined);
    assert.equal(await suppression(other), undefined);
  });

  it('a topic other than SES_NOTIFICATIONS_TOPIC_ARN → 403 sns_topic_not_allowed, even when validly signed', async () => {
    const x = addr('elsewhere');
    const res = await post(
      signed({
        Type: 'Notification',
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:someone-elses-topic',
        Message: JSON.stringify(bounce('Permanent', [x])),
      }),
    );
    assert.deepEqual([res.status, res.body.code], [403, 'sns_topic_not_allowed']);
    assert.equal(await suppression(x), undefined);
  });

  it('a certificate URL on a foreign host, over http, or not a .pem → 403 sns_url_not_allowed, and it is not fetched', async () => {
    const before = sns.seen.length;
    for (const url of [
      'https://evil.example/SimpleNotificationService.pem',
      'https://sns.eu-west-1.amazonaws.com.evil.example/x.pem',
      `http://127.0.0.1:${sns.port}${CERT_PATH}`,
      sns.url('/?Action=ConfirmSubscription&Token=1'),
    ]) {
      const res = await post(notification(bounce('Permanent', [addr('x')]), { SigningCertURL: url }));
      assert.deepEqual([res.status, res.body.code], [403, 'sns_url_not_allowed'], url);
    }
    assert.equal(sns.seen.length, before);
  });

  it('SubscriptionConfirmation: verified, then the SubscribeURL is fetched exactly once', async () => {
    const token = randomUUID().replace(/-/g, '');
    const subscribePath = `/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=${token}`;
    const confirmation = signed({
      Type: 'SubscriptionConfirmation',
      Token: token,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: sns.url(subscribePath),
    });
    const res = await post(confirmation);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal(sns.count(`GET ${subscribePath}`), 1);

    // A forged copy pointing SubscribeURL elsewhere fails the signature; a signed one to a foreign host is refused.
    assert.equal(
      (await post({ ...confirmation, SubscribeURL: 'https://evil.example/' })).body.code,
      'sns_signature_invalid',
    );
    const foreign = signed({
      ...confirmation,
      Signature: '',
      SubscribeURL: 'https://evil.example/?Action=ConfirmSubscription',
    });
    assert.equal((await post(foreign)).body.code, 'sns_url_not_allowed');

    // UnsubscribeConfirmation is acknowledged, and its SubscribeURL (which would resubscribe) is not visited.
    const unsubscribe = signed({ ...confirmation, Signature: '', Type: 'UnsubscribeConfirmation' });
    assert.equal((await post(unsubscribe)).status, 204);
    assert.equal(sns.count(`GET ${subscribePath}`), 1);
    // The signing certificate was fetched once for everything above: it is cached by URL.
    assert.equal(sns.count(`GET ${CERT_PATH}`), 1);
  });

  it('text/plain is accepted on this route only; JSON works too; junk and a mismatched header are 400', async () => {
    const json = await post(notification(bounce('Transient', [addr('j')])), {
      'content-type': 'application/json',
    });
    assert.equal(json.status, 204);
    const form = await post(notification(bounce('Transient', [addr('f')])), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.deepEqual([form.status, form.body.code], [415, 'unsupported_media_type']);
    const elsewhere = await fetch(`${app.url}/emails`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: JSON.stringify({ to: 'a@example.test', subject: 'x', text: 'y' }),
    });
    assert.equal(elsewhere.status, 415);
    assert.equal(((await elsewhere.json()) as { code: string }).code, 'unsupported_media_type');

    const junk = await fetch(`${app.url}/emails/events/sns`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-amz-sns-message-type': 'Notification' },
      body: 'not json',
    });
    assert.equal(junk.status, 400);
    assert.equal(((await junk.json()) as { code: string }).code, 'sns_message_invalid');
    const mismatch = await post(notification(bounce('Permanent', [addr('m')])), {
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
    });
    assert.deepEqual([mismatch.status, mismatch.body.code], [400, 'sns_message_invalid']);
  });
});
