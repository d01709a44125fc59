"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.transportContract = transportContract;
exports.refusedIsRetryable = refusedIsRetryable;
exports.providerContract = providerContract;
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_test_1 = require("node:test");
const mail_transport_port_1 = require("../../src/modules/mail/transports/mail-transport.port");
const smtp_sink_1 = require("./smtp-sink");
function mail(to, name = '김민준') {
    return {
        messageId: `<${(0, node_crypto_1.randomUUID)()}@mailgate.test>`,
        from: { name: 'mailgate', address: 'no-reply@mailgate.test' },
        to: { name, address: to },
        subject: '이메일 주소를 확인해 주세요',
        text: 'code 123456',
        html: '<p>code 123456</p>',
        headers: { 'Auto-Submitted': 'auto-generated' },
    };
}
async function failure(p) {
    try {
        await p;
    }
    catch (err) {
        strict_1.default.ok(err instanceof mail_transport_port_1.TransportError, `expected a TransportError, got ${String(err)}`);
        return err;
    }
    throw new Error('expected the send to fail');
}
/**
 * What every SMTP-speaking transport promises, run against each of them (STYLE: one contract, many
 * adapters, one shared suite). Providers with their own APIs (SES, Gmail API) get their own fakes.
 */
function transportContract(name, create, sinkOptions = {}) {
    (0, node_test_1.describe)(`transport contract: ${name}`, () => {
        let sink;
        let transport;
        (0, node_test_1.before)(async () => {
            sink = await smtp_sink_1.SmtpSink.start(sinkOptions);
            transport = create(sink);
        });
        (0, node_test_1.after)(async () => {
            await transport.close();
            await sink.close();
        });
        const addr = (label) => `${label}-${(0, node_crypto_1.randomUUID)().slice(0, 8)}@example.test`;
        (0, node_test_1.it)('delivers with our Message-ID, the encoded name and the one recipient', async () => {
            const to = addr('ok');
            const m = mail(to);
            const result = await transport.send(m);
            strict_1.default.deepEqual(result.accepted, [to]);
            strict_1.default.match(result.response, /^250/);
            const [got] = sink.to(to);
            strict_1.default.equal(got.messageId, m.messageId);
            strict_1.default.deepEqual(got.rcptTo, [to]);
            strict_1.default.match(got.headers, /^Subject: =\?UTF-8\?/im, 'a Korean subject is MIME-encoded');
            strict_1.default.match(got.headers, /^Auto-Submitted: auto-generated$/im);
        });
        (0, node_test_1.it)('a CR/LF in the display name adds no header and no recipient', async () => {
            const to = addr('eve');
            await transport.send(mail(to, 'Eve\r\nBcc: victim@evil.test'));
            const [got] = sink.to(to);
            strict_1.default.deepEqual(got.rcptTo, [to]);
            strict_1.default.doesNotMatch(got.headers, /^bcc:/im);
        });
        (0, node_test_1.it)('a 4xx answer is retryable, 454 throttled, 5xx permanent', async () => {
            const cases = [
                [451, 'retryable'],
                [454, 'throttled'],
                [550, 'permanent'],
            ];
            for (const [code, kind] of cases) {
                const to = addr(String(code));
                sink.script(to, [code]);
                const err = await failure(transport.send(mail(to)));
                strict_1.default.equal(err.kind, kind, String(code));
                strict_1.default.match(err.message, new RegExp(`^SMTP ${code}`));
            }
        });
    });
}
/** For adapters whose server is down: a refused connection is retryable. */
async function refusedIsRetryable(transport) {
    const err = await failure(transport.send(mail('nobody@example.test')));
    strict_1.default.equal(err.kind, 'retryable');
    strict_1.default.match(err.message, /network|not running/);
}
/**
 * The same promises as the SMTP contract, for transports that hand a raw message to an API: our
 * Message-ID survives, a Korean subject is MIME-encoded, our headers are kept, and a CR/LF in a display
 * name cannot add a header. Failure classification is provider-specific and tested beside each one.
 */
function providerContract(name, start) {
    (0, node_test_1.describe)(`transport contract: ${name}`, () => {
        let setup;
        (0, node_test_1.before)(async () => {
            setup = await start();
        });
        (0, node_test_1.after)(async () => {
            await setup.transport.close();
            await setup.close();
        });
        const addr = (label) => `${label}-${(0, node_crypto_1.randomUUID)().slice(0, 8)}@example.test`;
        // Unfolded: a long encoded name folds the To line.
        const headersOf = (raw) => raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
        (0, node_test_1.it)('delivers with our Message-ID, the encoded subject and the one recipient', async () => {
            const to = addr('ok');
            const m = mail(to);
            const result = await setup.transport.send(m);
            strict_1.default.deepEqual(result.accepted, [to]);
            const raw = await setup.received(to);
            strict_1.default.ok(raw, 'the provider received the message');
            const headers = headersOf(raw);
            strict_1.default.match(headers, new RegExp(`^Message-ID: ${m.messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'im'));
            strict_1.default.match(headers, /^Subject: =\?UTF-8\?/im, 'a Korean subject is MIME-encoded');
            strict_1.default.match(headers, /^Auto-Submitted: auto-generated$/im);
            strict_1.default.match(headers, new RegExp(`^To: .*<${to}>`, 'im'));
        });
        (0, node_test_1.it)('a CR/LF in the display name adds no header and no recipient', async () => {
            const to = addr('eve');
            await setup.transport.send(mail(to, 'Eve\r\nBcc: victim@evil.test'));
            const raw = await setup.received(to);
            strict_1.default.ok(raw);
            strict_1.default.doesNotMatch(headersOf(raw), /^bcc:/im);
            strict_1.default.equal(raw.includes('victim@evil.test>'), false);
        });
    });
}
//# sourceMappingURL=transport-contract.js.map