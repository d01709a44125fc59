"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_net_1 = __importDefault(require("node:net"));
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const config_1 = require("../../src/config/config");
const mailbox_transport_1 = require("../../src/modules/mail/transports/mailbox/mailbox.transport");
const smtp_transport_1 = require("../../src/modules/mail/transports/smtp/smtp.transport");
const smtp_sink_1 = require("./smtp-sink");
const transport_contract_1 = require("./transport-contract");
// loadConfig writes development secrets into DATA_DIR; give it a throwaway one.
const dataDir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-transports-'));
(0, node_test_1.after)(() => (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true }));
const config = (env) => (0, config_1.loadConfig)({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
(0, transport_contract_1.transportContract)('smtp', (sink) => new smtp_transport_1.SmtpTransport(config({ MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url })));
(0, transport_contract_1.transportContract)('mailbox', (sink) => new mailbox_transport_1.MailboxTransport(config({ MAIL_TRANSPORT: 'mailbox' }), {
    smtpAddress: () => ({ host: '127.0.0.1', port: sink.port }),
}));
/** A port nothing listens on: bound, then closed. */
async function deadPort() {
    const server = node_net_1.default.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    return port;
}
(0, node_test_1.describe)('transports when the server is unreachable', () => {
    (0, node_test_1.it)('smtp: a refused connection is retryable', async () => {
        const transport = new smtp_transport_1.SmtpTransport(config({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${await deadPort()}` }));
        try {
            await (0, transport_contract_1.refusedIsRetryable)(transport);
        }
        finally {
            await transport.close();
        }
    });
    (0, node_test_1.it)('mailbox: no running mailbox is retryable', async () => {
        await (0, transport_contract_1.refusedIsRetryable)(new mailbox_transport_1.MailboxTransport(config({ MAIL_TRANSPORT: 'mailbox' }), undefined));
    });
});
(0, node_test_1.describe)('DKIM', () => {
    (0, node_test_1.it)('signs outgoing mail when DKIM_* is set', async () => {
        const { privateKey } = (0, node_crypto_1.generateKeyPairSync)('rsa', { modulusLength: 2048 });
        const keyFile = node_path_1.default.join(dataDir, 'dkim.pem');
        (0, node_fs_1.writeFileSync)(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
        const sink = await smtp_sink_1.SmtpSink.start();
        const transport = new smtp_transport_1.SmtpTransport(config({
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: sink.url,
            DKIM_DOMAIN: 'mailgate.test',
            DKIM_SELECTOR: 's1',
            DKIM_PRIVATE_KEY_FILE: keyFile,
        }));
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
            strict_1.default.match(got.headers, /^DKIM-Signature: .*d=mailgate\.test;/im);
            strict_1.default.match(got.headers, /s=s1;/);
        }
        finally {
            await transport.close();
            await sink.close();
        }
    });
});
//# sourceMappingURL=transports.test.js.map