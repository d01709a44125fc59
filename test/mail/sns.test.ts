import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { createConsumer, handler, RetryableMailFailures, shutdown } from '../../src/lambda/sns-mail.handler';
import {
  type MailTransport,
  type OutgoingMail,
  TransportError,
} from '../../src/modules/mail/transports/mail-transport.port';
import { FileDeliveryLedger } from '../../src/modules/mail/transports/sns/file.delivery-ledger';
import { processSnsEvent, type SnsEvent } from '../../src/modules/mail/transports/sns/sns-mail.consumer';
import { SNS_MAIL_TYPE } from '../../src/modules/mail/transports/sns/sns-mail.message';
import { createSnsClient } from '../../src/modules/mail/transports/sns/sns.client';
import { SnsTransport } from '../../src/modules/mail/transports/sns/sns.transport';
import { HttpStandIn, type Reply, type SeenRequest } from './http-stand-in';
import { SmtpSink } from './smtp-sink';
import { providerContract } from './transport-contract';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailgate-mail';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'mailgate-sns-'));
  dirs.push(d);
  return d;
}

const snsConfig = (endpoint: string) =>
  loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir(),
    MAIL_TRANSPORT: 'sns',
    AWS_REGION: 'us-east-1',
    SNS_TOPIC_ARN: TOPIC,
    SNS_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  });

function mail(
  to: string,
  messageId = `<${Math.random().toString(36).slice(2)}@mailgate.test>`,
): OutgoingMail {
  return {
    messageId,
    from: { name: 'mailgate', address: 'no-reply@mailgate.test' },
    to: { name: '김민준', address: to },
    subject: '이메일 주소를 확인해 주세요',
    text: 'code 123456',
    html: '<p>code 123456</p>',
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/**
 * SNS's Query API as documented for Publish: POST / (form-encoded) with Action=Publish,
 * Version=2010-03-31, TopicArn and Message, signed with SigV4 for service `sns` in the topic's region;
 * answers PublishResponse XML. `script` answers the next requests instead (error XML).
 */
class SnsStandIn {
  readonly published: string[] = [];
  readonly script: Reply[] = [];
  server!: HttpStandIn;

  static async start(): Promise<SnsStandIn> {
    const sns = new SnsStandIn();
    sns.server = await HttpStandIn.start((req, s) => sns.answer(req, s));
    return sns;
  }

  private answer(req: SeenRequest, s: HttpStandIn): Reply {
    if (req.method !== 'POST' || req.path !== '/') return s.reject(`${req.method} ${req.path}`);
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return s.reject(`content-type ${req.headers['content-type']}`);
    const auth = String(req.headers.authorization);
    if (
      !/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sns\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/.test(
        auth,
      )
    )
      return s.reject(`authorization ${auth}`);
    if (!/^\d{8}T\d{6}Z$/.test(String(req.headers['x-amz-date']))) return s.reject('x-amz-date');
    const form = new URLSearchParams(req.body);
    if (form.get('Action') !== 'Publish') return s.reject(`Action ${form.get('Action')}`);
    if (form.get('Version') !== '2010-03-31') return s.reject(`Version ${form.get('Version')}`);
    if (form.get('TopicArn') !== TOPIC) return s.reject(`TopicArn ${form.get('TopicArn')}`);
    const message = form.get('Message');
    if (!message) return s.reject('Message missing');
    const scripted = this.script.shift();
    if (scripted) return scripted;
    this.published.push(message);
    return {
      status: 200,
      body:
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
        `<MessageId>sns-${this.published.length}</MessageId></PublishResult>` +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>',
    };
  }

  mailTo(address: string): OutgoingMail | undefined {
    return this.published
      .map((m) => (JSON.parse(m) as { mail: OutgoingMail }).mail)
      .find((m) => m.to.address === address);
  }
}

function errorXml(status: number, code: string): Reply {
  return {
    status,
    body:
      `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>` +
      `<Code>${code}</Code><Message>something about secret@x</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
  };
}

/** An SNS → Lambda event exactly as AWS documents it, one record per published message. */
function snsEvent(...records: { snsMessageId: string; message: string }[]): SnsEvent {
  return {
    Records: records.map(({ snsMessageId, message }) => ({
      EventVersion: '1.0',
      EventSubscriptionArn: `${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: '1',
        Timestamp: '2026-11-21T21:00:00.000Z',
        Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
        SigningCertUrl:
          'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
        MessageId: snsMessageId,
        Message: message,
        MessageAttributes: {},
        Type: 'Notification',
        UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:2bcf`,
        TopicArn: TOPIC,
        Subject: null,
      },
    })),
  };
}

providerContract('sns → lambda → smtp', async () => {
  // The whole seed architecture: publish to (a stand-in) SNS, hand what it received to the Lambda
  // handler as an SNS event, which sends over SMTP to a local server.
  const sns = await SnsStandIn.start();
  const sink = await SmtpSink.start();
  const publisher = new SnsTransport(snsConfig(sns.server.url), createSnsClient(snsConfig(sns.server.url)));
  const consumer = createConsumer(
    loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir(), MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url }),
  );
  consumer.log = pino({ level: 'silent' });
  return {
    transport: publisher,
    received: async (to) => {
      const published = sns.published.at(-1);
      if (!published) return undefined;
      const res = await processSnsEvent(snsEvent({ snsMessageId: 'c-1', message: published }), consumer);
      assert.deepEqual(res.batchItemFailures, []);
      return sink.to(to)[0]?.raw;
    },
    close: async () => {
      assert.deepEqual(sns.server.problems, []);
      await consumer.transport.close();
      await sns.server.close();
      await sink.close();
    },
  };
});

describe('sns publish against a stand-in of the SNS Query API', () => {
  it('publishes the rendered mail as JSON with our Message-ID, SigV4-signed for sns/us-east-1', async () => {
    const sns = await SnsStandIn.start();
    const transport = new SnsTransport(snsConfig(sns.server.url), createSnsClient(snsConfig(sns.server.url)));
    try {
      const m = mail('a@example.test');
      const result = await transport.send(m);
      assert.deepEqual(sns.server.problems, []);
      assert.equal(result.response, 'SNS accepted, MessageId sns-1');
      assert.deepEqual(JSON.parse(sns.published[0]), { type: SNS_MAIL_TYPE, mail: m });
    } finally {
      await transport.close();
      await sns.server.close();
    }
  });

  it('Throttled is throttled, InvalidParameter permanent, NotFound (our topic setting) held back, 5xx retryable', async () => {
    const sns = await SnsStandIn.start();
    const transport = new SnsTransport(snsConfig(sns.server.url), createSnsClient(snsConfig(sns.server.url)));
    const cases: [Reply, string, string][] = [
      [
        errorXml(429, 'Throttled'),
        'throttled',
        'SNS: ThrottledException (HTTP 429): sending rate or quota exceeded',
      ],
      [errorXml(400, 'InvalidParameter'), 'permanent', 'SNS: InvalidParameterException (HTTP 400): rejected'],
      [
        errorXml(404, 'NotFound'),
        'throttled',
        'SNS: NotFoundException (HTTP 404): check the AWS credentials and permissions',
      ],
      [errorXml(500, 'InternalError'), 'retryable', 'SNS: InternalErrorException (HTTP 500): service error'],
    ];
    try {
      for (const [reply, kind, message] of cases) {
        sns.script.push(reply);
        const err = await transport.send(mail('b@example.test')).then(
          () => assert.fail('expected a failure'),
          (e: unknown) => e,
        );
        assert.ok(err instanceof TransportError, String(err));
        assert.equal(err.kind, kind, message);
        assert.equal(err.message, message);
      }
    } finally {
      await transport.close();
      await sns.server.close();
    }
  });

  it('attachments travel base64-encoded and reach the Lambda as bytes', async () => {
    const sns = await SnsStandIn.start();
    const transport = new SnsTransport(snsConfig(sns.server.url), createSnsClient(snsConfig(sns.server.url)));
    const sender = new ScriptedTransport();
    try {
      const pdf = Buffer.from('%PDF-1.4 \x00\xff binary', 'latin1');
      const m = {
        ...mail('att@example.test'),
        attachments: [{ filename: 'r.pdf', contentType: 'application/pdf', content: pdf }],
      };
      await transport.send(m);
      const res = await processSnsEvent(snsEvent({ snsMessageId: 'sns-att', message: sns.published[0] }), {
        transport: sender,
        ledger: new FileDeliveryLedger(dataDir()),
        log: pino({ level: 'silent' }),
      });
      assert.deepEqual(res.batchItemFailures, []);
      assert.deepEqual(sender.sent[0].attachments, m.attachments);
    } finally {
      await transport.close();
      await sns.server.close();
    }
  });

  it('a message over 256 KiB is permanent and never sent', async () => {
    const sns = await SnsStandIn.start();
    const transport = new SnsTransport(snsConfig(sns.server.url), createSnsClient(snsConfig(sns.server.url)));
    try {
      const big = { ...mail('c@example.test'), html: 'x'.repeat(300 * 1024) };
      const err = await transport.send(big).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TransportError);
      assert.equal(err.kind, 'permanent');
      assert.equal(sns.server.requests.length, 0);
    } finally {
      await transport.close();
      await sns.server.close();
    }
  });
});

/** A transport that records sends and fails on demand, for the consumer's bookkeeping. */
class ScriptedTransport implements MailTransport {
  readonly name = 'scripted';
  readonly sent: OutgoingMail[] = [];
  readonly failures: TransportError[] = [];
  async send(m: OutgoingMail) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(m);
    return { accepted: [m.to.address], response: '250 ok' };
  }
  health() {
    return { ok: true };
  }
  async close() {}
}

describe('the SNS Lambda consumer', () => {
  const log = pino({ level: 'silent' });
  const message = (m: OutgoingMail) => JSON.stringify({ type: SNS_MAIL_TYPE, mail: m });

  it('a duplicate delivery in one event and a redelivery later are sent once', async () => {
    const transport = new ScriptedTransport();
    const dir = dataDir();
    const ledger = new FileDeliveryLedger(dir);
    const m = mail('dup@example.test', '<dup-1@mailgate.test>');
    const other = mail('other@example.test');
    const event = snsEvent(
      { snsMessageId: 'sns-a', message: message(m) },
      { snsMessageId: 'sns-b', message: message(other) },
      { snsMessageId: 'sns-a', message: message(m) }, // SNS delivered the same message twice
    );
    assert.deepEqual(await processSnsEvent(event, { transport, ledger, log }), { batchItemFailures: [] });
    assert.deepEqual(
      transport.sent.map((s) => s.messageId),
      [m.messageId, other.messageId],
    );
    // A new container (cold start) reading the same DATA_DIR still knows.
    const again = await processSnsEvent(snsEvent({ snsMessageId: 'sns-a', message: message(m) }), {
      transport,
      ledger: new FileDeliveryLedger(dir),
      log,
    });
    assert.deepEqual(again.batchItemFailures, []);
    assert.equal(transport.sent.length, 2);
  });

  it('retryable failures come back as batchItemFailures and are sent on the retry; permanent ones are dropped', async () => {
    const transport = new ScriptedTransport();
    const ledger = new FileDeliveryLedger(dataDir());
    const flaky = mail('flaky@example.test');
    const bad = mail('bad@example.test');
    transport.failures.push(
      new TransportError('throttled', 'SES: Throttling'),
      new TransportError('permanent', 'SES: MessageRejected'),
    );
    const event = snsEvent(
      { snsMessageId: 'sns-flaky', message: message(flaky) },
      { snsMessageId: 'sns-bad', message: message(bad) },
      { snsMessageId: 'sns-junk', message: '{"hello":"world"}' },
    );
    assert.deepEqual(await processSnsEvent(event, { transport, ledger, log }), {
      batchItemFailures: [{ itemIdentifier: 'sns-flaky' }],
    });
    assert.equal(transport.sent.length, 0);
    assert.deepEqual(
      await processSnsEvent(
        snsEvent({ snsMessageId: 'sns-flaky', message: message(flaky) }), // Lambda's retry
        { transport, ledger, log },
      ),
      {
        batchItemFailures: [],
      },
    );
    assert.deepEqual(
      transport.sent.map((s) => s.to.address),
      ['flaky@example.test'],
    );
  });

  it('the exported handler builds its transport from the environment and throws so Lambda retries', async () => {
    const sink = await SmtpSink.start();
    const env = {
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
      DATA_DIR: dataDir(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const m = mail('lambda@example.test');
      const ok = await handler(snsEvent({ snsMessageId: 'sns-l1', message: message(m) }));
      assert.deepEqual(ok, { batchItemFailures: [] });
      assert.equal(sink.to('lambda@example.test')[0]?.messageId, m.messageId);

      const down = mail('down@example.test');
      sink.script('down@example.test', [451]);
      const err = await handler(snsEvent({ snsMessageId: 'sns-l2', message: message(down) })).then(
        () => assert.fail('expected the handler to throw'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof RetryableMailFailures);
      assert.deepEqual(err.response.batchItemFailures, [{ itemIdentifier: 'sns-l2' }]);
      // Lambda's retry of the same event: delivered now, and only once.
      await handler(snsEvent({ snsMessageId: 'sns-l2', message: message(down) }));
      await handler(snsEvent({ snsMessageId: 'sns-l2', message: message(down) }));
      assert.equal(sink.to('down@example.test').filter((r) => r.reply === 250).length, 1);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      Object.assign(process.env, saved);
      await shutdown();
      await sink.close();
    }
  });

  it('refuses to run with MAIL_TRANSPORT=sns (it would publish to itself)', () => {
    assert.throws(() => createConsumer(snsConfig('http://127.0.0.1:1')), /cannot deliver from the Lambda/);
  });
});
