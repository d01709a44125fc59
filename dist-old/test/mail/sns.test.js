"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const pino_1 = __importDefault(require("pino"));
const config_1 = require("../../src/config/config");
const sns_mail_handler_1 = require("../../src/lambda/sns-mail.handler");
const mail_transport_port_1 = require("../../src/modules/mail/transports/mail-transport.port");
const file_delivery_ledger_1 = require("../../src/modules/mail/transports/sns/file.delivery-ledger");
const sns_mail_consumer_1 = require("../../src/modules/mail/transports/sns/sns-mail.consumer");
const sns_mail_message_1 = require("../../src/modules/mail/transports/sns/sns-mail.message");
const sns_client_1 = require("../../src/modules/mail/transports/sns/sns.client");
const sns_transport_1 = require("../../src/modules/mail/transports/sns/sns.transport");
const http_stand_in_1 = require("./http-stand-in");
const smtp_sink_1 = require("./smtp-sink");
const transport_contract_1 = require("./transport-contract");
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailgate-mail';
const dirs = [];
(0, node_test_1.after)(() => dirs.forEach((d) => (0, node_fs_1.rmSync)(d, { recursive: true, force: true })));
function dataDir() {
    const d = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-sns-'));
    dirs.push(d);
    return d;
}
const snsConfig = (endpoint) => (0, config_1.loadConfig)({
    NODE_ENV: 'test',
    DATA_DIR: dataDir(),
    MAIL_TRANSPORT: 'sns',
    AWS_REGION: 'us-east-1',
    SNS_TOPIC_ARN: TOPIC,
    SNS_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});
function mail(to, messageId = `<${Math.random().toString(36).slice(2)}@mailgate.test>`) {
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
    published = [];
    script = [];
    server;
    static async start() {
        const sns = new SnsStandIn();
        sns.server = await http_stand_in_1.HttpStandIn.start((req, s) => sns.answer(req, s));
        return sns;
    }
    answer(req, s) {
        if (req.method !== 'POST' || req.path !== '/')
            return s.reject(`${req.method} ${req.path}`);
        if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
            return s.reject(`content-type ${req.headers['content-type']}`);
        const auth = String(req.headers.authorization);
        if (!/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sns\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/.test(auth))
            return s.reject(`authorization ${auth}`);
        if (!/^\d{8}T\d{6}Z$/.test(String(req.headers['x-amz-date'])))
            return s.reject('x-amz-date');
        const form = new URLSearchParams(req.body);
        if (form.get('Action') !== 'Publish')
            return s.reject(`Action ${form.get('Action')}`);
        if (form.get('Version') !== '2010-03-31')
            return s.reject(`Version ${form.get('Version')}`);
        if (form.get('TopicArn') !== TOPIC)
            return s.reject(`TopicArn ${form.get('TopicArn')}`);
        const message = form.get('Message');
        if (!message)
            return s.reject('Message missing');
        const scripted = this.script.shift();
        if (scripted)
            return scripted;
        this.published.push(message);
        return {
            status: 200,
            body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
                `<MessageId>sns-${this.published.length}</MessageId></PublishResult>` +
                '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>',
        };
    }
    mailTo(address) {
        return this.published
            .map((m) => JSON.parse(m).mail)
            .find((m) => m.to.address === address);
    }
}
function errorXml(status, code) {
    return {
        status,
        body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>` +
            `<Code>${code}</Code><Message>something about secret@x</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    };
}
/** An SNS → Lambda event exactly as AWS documents it, one record per published message. */
function snsEvent(...records) {
    return {
        Records: records.map(({ snsMessageId, message }) => ({
            EventVersion: '1.0',
            EventSubscriptionArn: `${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
            EventSource: 'aws:sns',
            Sns: {
                SignatureVersion: '1',
                Timestamp: '2026-11-21T21:00:00.000Z',
                Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
                SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
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
(0, transport_contract_1.providerContract)('sns → lambda → smtp', async () => {
    // The whole seed architecture: publish to (a stand-in) SNS, hand what it received to the Lambda
    // handler as an SNS event, which sends over SMTP to a local server.
    const sns = await SnsStandIn.start();
    const sink = await smtp_sink_1.SmtpSink.start();
    const publisher = new sns_transport_1.SnsTransport(snsConfig(sns.server.url), (0, sns_client_1.createSnsClient)(snsConfig(sns.server.url)));
    const consumer = (0, sns_mail_handler_1.createConsumer)((0, config_1.loadConfig)({ NODE_ENV: 'test', DATA_DIR: dataDir(), MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url }));
    consumer.log = (0, pino_1.default)({ level: 'silent' });
    return {
        transport: publisher,
        received: async (to) => {
            const published = sns.published.at(-1);
            if (!published)
                return undefined;
            const res = await (0, sns_mail_consumer_1.processSnsEvent)(snsEvent({ snsMessageId: 'c-1', message: published }), consumer);
            strict_1.default.deepEqual(res.batchItemFailures, []);
            return sink.to(to)[0]?.raw;
        },
        close: async () => {
            strict_1.default.deepEqual(sns.server.problems, []);
            await consumer.transport.close();
            await sns.server.close();
            await sink.close();
        },
    };
});
(0, node_test_1.describe)('sns publish against a stand-in of the SNS Query API', () => {
    (0, node_test_1.it)('publishes the rendered mail as JSON with our Message-ID, SigV4-signed for sns/us-east-1', async () => {
        const sns = await SnsStandIn.start();
        const transport = new sns_transport_1.SnsTransport(snsConfig(sns.server.url), (0, sns_client_1.createSnsClient)(snsConfig(sns.server.url)));
        try {
            const m = mail('a@example.test');
            const result = await transport.send(m);
            strict_1.default.deepEqual(sns.server.problems, []);
            strict_1.default.equal(result.response, 'SNS accepted, MessageId sns-1');
            strict_1.default.deepEqual(JSON.parse(sns.published[0]), { type: sns_mail_message_1.SNS_MAIL_TYPE, mail: m });
        }
        finally {
            await transport.close();
            await sns.server.close();
        }
    });
    (0, node_test_1.it)('Throttled is throttled, InvalidParameter permanent, NotFound (our topic setting) held back, 5xx retryable', async () => {
        const sns = await SnsStandIn.start();
        const transport = new sns_transport_1.SnsTransport(snsConfig(sns.server.url), (0, sns_client_1.createSnsClient)(snsConfig(sns.server.url)));
        const cases = [
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
                const err = await transport.send(mail('b@example.test')).then(() => strict_1.default.fail('expected a failure'), (e) => e);
                strict_1.default.ok(err instanceof mail_transport_port_1.TransportError, String(err));
                strict_1.default.equal(err.kind, kind, message);
                strict_1.default.equal(err.message, message);
            }
        }
        finally {
            await transport.close();
            await sns.server.close();
        }
    });
    (0, node_test_1.it)('attachments travel base64-encoded and reach the Lambda as bytes', async () => {
        const sns = await SnsStandIn.start();
        const transport = new sns_transport_1.SnsTransport(snsConfig(sns.server.url), (0, sns_client_1.createSnsClient)(snsConfig(sns.server.url)));
        const sender = new ScriptedTransport();
        try {
            const pdf = Buffer.from('%PDF-1.4 \x00\xff binary', 'latin1');
            const m = {
                ...mail('att@example.test'),
                attachments: [{ filename: 'r.pdf', contentType: 'application/pdf', content: pdf }],
            };
            await transport.send(m);
            const res = await (0, sns_mail_consumer_1.processSnsEvent)(snsEvent({ snsMessageId: 'sns-att', message: sns.published[0] }), {
                transport: sender,
                ledger: new file_delivery_ledger_1.FileDeliveryLedger(dataDir()),
                log: (0, pino_1.default)({ level: 'silent' }),
            });
            strict_1.default.deepEqual(res.batchItemFailures, []);
            strict_1.default.deepEqual(sender.sent[0].attachments, m.attachments);
        }
        finally {
            await transport.close();
            await sns.server.close();
        }
    });
    (0, node_test_1.it)('a message over 256 KiB is permanent and never sent', async () => {
        const sns = await SnsStandIn.start();
        const transport = new sns_transport_1.SnsTransport(snsConfig(sns.server.url), (0, sns_client_1.createSnsClient)(snsConfig(sns.server.url)));
        try {
            const big = { ...mail('c@example.test'), html: 'x'.repeat(300 * 1024) };
            const err = await transport.send(big).then(() => strict_1.default.fail('expected a failure'), (e) => e);
            strict_1.default.ok(err instanceof mail_transport_port_1.TransportError);
            strict_1.default.equal(err.kind, 'permanent');
            strict_1.default.equal(sns.server.requests.length, 0);
        }
        finally {
            await transport.close();
            await sns.server.close();
        }
    });
});
/** A transport that records sends and fails on demand, for the consumer's bookkeeping. */
class ScriptedTransport {
    name = 'scripted';
    sent = [];
    failures = [];
    async send(m) {
        const failure = this.failures.shift();
        if (failure)
            throw failure;
        this.sent.push(m);
        return { accepted: [m.to.address], response: '250 ok' };
    }
    health() {
        return { ok: true };
    }
    async close() { }
}
(0, node_test_1.describe)('the SNS Lambda consumer', () => {
    const log = (0, pino_1.default)({ level: 'silent' });
    const message = (m) => JSON.stringify({ type: sns_mail_message_1.SNS_MAIL_TYPE, mail: m });
    (0, node_test_1.it)('a duplicate delivery in one event and a redelivery later are sent once', async () => {
        const transport = new ScriptedTransport();
        const dir = dataDir();
        const ledger = new file_delivery_ledger_1.FileDeliveryLedger(dir);
        const m = mail('dup@example.test', '<dup-1@mailgate.test>');
        const other = mail('other@example.test');
        const event = snsEvent({ snsMessageId: 'sns-a', message: message(m) }, { snsMessageId: 'sns-b', message: message(other) }, { snsMessageId: 'sns-a', message: message(m) });
        strict_1.default.deepEqual(await (0, sns_mail_consumer_1.processSnsEvent)(event, { transport, ledger, log }), { batchItemFailures: [] });
        strict_1.default.deepEqual(transport.sent.map((s) => s.messageId), [m.messageId, other.messageId]);
        // A new container (cold start) reading the same DATA_DIR still knows.
        const again = await (0, sns_mail_consumer_1.processSnsEvent)(snsEvent({ snsMessageId: 'sns-a', message: message(m) }), {
            transport,
            ledger: new file_delivery_ledger_1.FileDeliveryLedger(dir),
            log,
        });
        strict_1.default.deepEqual(again.batchItemFailures, []);
        strict_1.default.equal(transport.sent.length, 2);
    });
    (0, node_test_1.it)('retryable failures come back as batchItemFailures and are sent on the retry; permanent ones are dropped', async () => {
        const transport = new ScriptedTransport();
        const ledger = new file_delivery_ledger_1.FileDeliveryLedger(dataDir());
        const flaky = mail('flaky@example.test');
        const bad = mail('bad@example.test');
        transport.failures.push(new mail_transport_port_1.TransportError('throttled', 'SES: Throttling'), new mail_transport_port_1.TransportError('permanent', 'SES: MessageRejected'));
        const event = snsEvent({ snsMessageId: 'sns-flaky', message: message(flaky) }, { snsMessageId: 'sns-bad', message: message(bad) }, { snsMessageId: 'sns-junk', message: '{"hello":"world"}' });
        strict_1.default.deepEqual(await (0, sns_mail_consumer_1.processSnsEvent)(event, { transport, ledger, log }), {
            batchItemFailures: [{ itemIdentifier: 'sns-flaky' }],
        });
        strict_1.default.equal(transport.sent.length, 0);
        strict_1.default.deepEqual(await (0, sns_mail_consumer_1.processSnsEvent)(snsEvent({ snsMessageId: 'sns-flaky', message: message(flaky) }), // Lambda's retry
        { transport, ledger, log }), {
            batchItemFailures: [],
        });
        strict_1.default.deepEqual(transport.sent.map((s) => s.to.address), ['flaky@example.test']);
    });
    (0, node_test_1.it)('the exported handler builds its transport from the environment and throws so Lambda retries', async () => {
        const sink = await smtp_sink_1.SmtpSink.start();
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
            const ok = await (0, sns_mail_handler_1.handler)(snsEvent({ snsMessageId: 'sns-l1', message: message(m) }));
            strict_1.default.deepEqual(ok, { batchItemFailures: [] });
            strict_1.default.equal(sink.to('lambda@example.test')[0]?.messageId, m.messageId);
            const down = mail('down@example.test');
            sink.script('down@example.test', [451]);
            const err = await (0, sns_mail_handler_1.handler)(snsEvent({ snsMessageId: 'sns-l2', message: message(down) })).then(() => strict_1.default.fail('expected the handler to throw'), (e) => e);
            strict_1.default.ok(err instanceof sns_mail_handler_1.RetryableMailFailures);
            strict_1.default.deepEqual(err.response.batchItemFailures, [{ itemIdentifier: 'sns-l2' }]);
            // Lambda's retry of the same event: delivered now, and only once.
            await (0, sns_mail_handler_1.handler)(snsEvent({ snsMessageId: 'sns-l2', message: message(down) }));
            await (0, sns_mail_handler_1.handler)(snsEvent({ snsMessageId: 'sns-l2', message: message(down) }));
            strict_1.default.equal(sink.to('down@example.test').filter((r) => r.reply === 250).length, 1);
        }
        finally {
            for (const k of Object.keys(env))
                delete process.env[k];
            Object.assign(process.env, saved);
            await (0, sns_mail_handler_1.shutdown)();
            await sink.close();
        }
    });
    (0, node_test_1.it)('refuses to run with MAIL_TRANSPORT=sns (it would publish to itself)', () => {
        strict_1.default.throws(() => (0, sns_mail_handler_1.createConsumer)(snsConfig('http://127.0.0.1:1')), /cannot deliver from the Lambda/);
    });
});
//# sourceMappingURL=sns.test.js.map