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
const client_sesv2_1 = require("@aws-sdk/client-sesv2");
const aws_ses_v2_local_1 = __importDefault(require("aws-ses-v2-local"));
const mailparser_1 = require("mailparser");
const config_1 = require("../../src/config/config");
const aws_error_classifier_1 = require("../../src/modules/mail/transports/aws/aws-error.classifier");
const mail_transport_port_1 = require("../../src/modules/mail/transports/mail-transport.port");
const ses_client_1 = require("../../src/modules/mail/transports/ses/ses.client");
const ses_transport_1 = require("../../src/modules/mail/transports/ses/ses.transport");
const http_stand_in_1 = require("./http-stand-in");
const transport_contract_1 = require("./transport-contract");
const dataDir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-ses-'));
(0, node_test_1.after)(() => (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true }));
const config = (endpoint) => (0, config_1.loadConfig)({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    MAIL_TRANSPORT: 'ses',
    AWS_REGION: 'eu-west-1',
    SES_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});
/** The client the registry would build, with a hook that keeps each SendEmail input for the test. */
function recordingClient(endpoint, inputs) {
    const client = (0, ses_client_1.createSesClient)(config(endpoint));
    client.middlewareStack.add((next) => async (args) => {
        inputs.push(args.input);
        return next(args);
    }, { step: 'initialize', name: 'recordInput' });
    return client;
}
function mail(to) {
    return {
        messageId: `<${Math.random().toString(36).slice(2)}@mailgate.test>`,
        from: { name: 'mailgate', address: 'no-reply@mailgate.test' },
        to: { name: '김민준', address: to },
        subject: '이메일 주소를 확인해 주세요',
        text: 'code 123456',
        html: '<p>code 123456</p>',
        headers: { 'Auto-Submitted': 'auto-generated' },
    };
}
/** aws-ses-v2-local (npm), a local SES v2 API: keeps what it accepted, readable at GET /store. */
async function startSesLocal() {
    const server = await (0, aws_ses_v2_local_1.default)({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${server.address().port}`;
    return {
        url,
        server,
        stored: async () => (await (await fetch(`${url}/store`)).json()).emails,
    };
}
const closeServer = (server) => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
});
const rawOf = (input) => Buffer.from(input.Content?.Raw?.Data ?? []).toString('utf8');
(0, transport_contract_1.providerContract)('ses (aws-ses-v2-local)', async () => {
    const local = await startSesLocal();
    const inputs = [];
    const transport = new ses_transport_1.SesTransport(config(local.url), recordingClient(local.url, inputs));
    return {
        transport,
        received: async (to) => {
            // Accepted by the local SES (stored for that recipient) and sent as raw content.
            const stored = (await local.stored()).filter((e) => e.destination.to.some((t) => t.includes(to)));
            const input = inputs.find((i) => i.Destination?.ToAddresses?.includes(to));
            return stored.length === 1 && input ? rawOf(input) : undefined;
        },
        close: () => closeServer(local.server),
    };
});
(0, node_test_1.describe)('ses against aws-ses-v2-local', () => {
    let local;
    (0, node_test_1.before)(async () => {
        local = await startSesLocal();
    });
    (0, node_test_1.after)(() => closeServer(local.server));
    (0, node_test_1.it)('sends Content.Raw with our Message-ID to the one recipient, and SES stores it', async () => {
        const inputs = [];
        const transport = new ses_transport_1.SesTransport(config(local.url), recordingClient(local.url, inputs));
        const m = mail('raw@example.test');
        const result = await transport.send(m);
        await transport.close();
        strict_1.default.match(result.response, /^SES accepted, MessageId \S+/);
        strict_1.default.deepEqual(inputs[0].Destination, { ToAddresses: ['raw@example.test'] });
        strict_1.default.equal(inputs[0].FromEmailAddress, 'no-reply@mailgate.test');
        strict_1.default.equal(inputs[0].Content?.Simple, undefined);
        const parsed = await (0, mailparser_1.simpleParser)(rawOf(inputs[0]));
        strict_1.default.equal(parsed.messageId, m.messageId);
        const stored = (await local.stored()).find((e) => e.destination.to.some((t) => t.includes('raw@example.test')));
        strict_1.default.ok(stored, 'aws-ses-v2-local stored the message');
        strict_1.default.equal(stored.subject, m.subject, 'it decoded our MIME-encoded subject');
        strict_1.default.equal(stored.body.text?.trim(), 'code 123456');
    });
});
(0, node_test_1.describe)('ses error classification', () => {
    /** SES v2's REST-JSON errors: the status, `x-amzn-ErrorType` naming the error, a JSON message. */
    async function answering(reply) {
        const standIn = await http_stand_in_1.HttpStandIn.start(() => reply);
        const transport = new ses_transport_1.SesTransport(config(standIn.url), (0, ses_client_1.createSesClient)(config(standIn.url)));
        try {
            const err = await transport.send(mail('x@example.test')).then(() => strict_1.default.fail('expected a failure'), (e) => e);
            strict_1.default.ok(err instanceof mail_transport_port_1.TransportError, String(err));
            const [req] = standIn.requests;
            strict_1.default.equal(req.method, 'POST');
            strict_1.default.equal(req.path, '/v2/email/outbound-emails');
            strict_1.default.match(String(req.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ses\/aws4_request/);
            return err;
        }
        finally {
            await transport.close();
            await standIn.close();
        }
    }
    (0, node_test_1.it)('TooManyRequestsException (HTTP 429) is throttled', async () => {
        const err = await answering({
            status: 429,
            headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
            body: { message: 'Too many requests' },
        });
        strict_1.default.equal(err.kind, 'throttled');
        strict_1.default.equal(err.message, 'SES: TooManyRequestsException (HTTP 429): sending rate or quota exceeded');
    });
    (0, node_test_1.it)('MessageRejected (HTTP 400) is permanent, without the service text', async () => {
        const err = await answering({
            status: 400,
            headers: { 'x-amzn-ErrorType': 'MessageRejected' },
            body: { message: 'Email address is not verified: secret@x' },
        });
        strict_1.default.equal(err.kind, 'permanent');
        strict_1.default.equal(err.message, 'SES: MessageRejected (HTTP 400): rejected');
    });
    (0, node_test_1.it)('a 5xx is retryable', async () => {
        const err = await answering({
            status: 503,
            headers: { 'x-amzn-ErrorType': 'ServiceUnavailable' },
            body: {},
        });
        strict_1.default.equal(err.kind, 'retryable');
    });
    (0, node_test_1.it)('the SDK exception classes and v1-style names map the same way', () => {
        const meta = { $metadata: { httpStatusCode: 400 }, message: 'x' };
        strict_1.default.equal((0, aws_error_classifier_1.classifyAwsError)('SES', new client_sesv2_1.TooManyRequestsException(meta), new Set()).kind, 'throttled');
        strict_1.default.equal((0, aws_error_classifier_1.classifyAwsError)('SES', new client_sesv2_1.MessageRejected(meta), new Set(['MessageRejected'])).kind, 'permanent');
        strict_1.default.equal((0, aws_error_classifier_1.classifyAwsError)('SES', { name: 'Throttling', $metadata: { httpStatusCode: 400 } }, new Set()).kind, 'throttled');
    });
    (0, node_test_1.it)('an unreachable endpoint is retryable', async () => {
        const url = `http://127.0.0.1:${await (0, http_stand_in_1.deadPort)()}`;
        const transport = new ses_transport_1.SesTransport(config(url), (0, ses_client_1.createSesClient)(config(url)));
        try {
            const err = await transport.send(mail('y@example.test')).then(() => strict_1.default.fail('expected a failure'), (e) => e);
            strict_1.default.ok(err instanceof mail_transport_port_1.TransportError);
            strict_1.default.equal(err.kind, 'retryable');
            strict_1.default.match(err.message, /ECONNREFUSED/);
        }
        finally {
            await transport.close();
        }
    });
});
//# sourceMappingURL=ses.test.js.map