"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const smtp_sink_1 = require("../mail/smtp-sink");
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
/** The development default: the generated API key, MAIL_TRANSPORT=mailbox, read back from the dev mailbox. */
(0, node_test_1.describe)('Email API into the dev mailbox (defaults)', () => {
    let app;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    (0, node_test_1.it)('the generated API key works; the mail arrives with the Message-ID GET reports', async () => {
        strict_1.default.equal(app.runtime.config.apiKeyGenerated, true);
        const auth = { authorization: `Bearer ${app.runtime.config.apiKeys[0]}` };
        const res = await fetch(`${app.url}/emails`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ to: 'dev@example.test', subject: '개발 메일', html: '<p>안녕하세요</p>' }),
        });
        strict_1.default.equal(res.status, 202);
        const { id } = (await res.json());
        const got = await new mailbox_client_1.MailboxClient(app.url).waitFor('dev@example.test', { timeoutMs: 10_000 });
        strict_1.default.ok(got, 'the mail arrived');
        strict_1.default.equal(got.subject, '개발 메일');
        strict_1.default.ok(got.html.includes('<p>안녕하세요</p>'));
        const sent = await (0, smtp_sink_1.waitFor)('status sent', async () => {
            const v = (await (await fetch(`${app.url}/emails/${id}`, { headers: auth })).json());
            return v.status === 'sent' ? v : undefined;
        });
        strict_1.default.equal(sent.transport, 'mailbox');
        strict_1.default.deepEqual(got.headers['message-id'], [sent.messageId]);
    });
});
//# sourceMappingURL=email-api.mailbox.test.js.map