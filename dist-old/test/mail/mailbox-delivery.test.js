"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const mail_port_1 = require("../../src/modules/mail/mail.port");
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const smtp_sink_1 = require("./smtp-sink");
/** The development default: MAIL_TRANSPORT=mailbox into the built-in mailbox, read over its REST API. */
(0, node_test_1.describe)('mail outbox into the dev mailbox (defaults)', () => {
    let app;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    (0, node_test_1.it)('a Korean signup-verify mail arrives with its code, link and Message-ID', async () => {
        const outbox = app.app.get(mail_port_1.MAIL_OUTBOX);
        const link = 'http://localhost:3000/users/email-verify?signupVerifyToken=tok_abc';
        const queued = await app.runtime.db.transaction((tx) => outbox.enqueue(tx, {
            to: { address: 'minjun@example.test', name: '김민준' },
            template: 'signup-verify',
            locale: 'ko',
            data: {
                name: '김민준',
                linkExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
                codeExpiresAt: new Date(Date.now() + 1_800_000).toISOString(),
            },
            secrets: { link, code: '731904' },
        }));
        outbox.wake();
        const got = await new mailbox_client_1.MailboxClient(app.url).waitFor('minjun@example.test', { timeoutMs: 10_000 });
        strict_1.default.ok(got, 'the mail arrived');
        strict_1.default.equal(got.subject, '이메일 주소를 확인해 주세요');
        strict_1.default.ok(got.text.startsWith('김민준님, 안녕하세요.'));
        strict_1.default.ok(got.codes.includes('731904'));
        strict_1.default.ok(got.links.includes(link));
        strict_1.default.deepEqual(got.headers['message-id'], [queued.messageId]);
        // The mailbox answers 250 before the worker records it: wait for the row, bounded.
        const row = await (0, smtp_sink_1.waitFor)('the row to be sent', async () => {
            const [r] = await app.runtime.db.query('SELECT status, transport FROM messages WHERE id = $1', [queued.id]);
            return r.status === 'sent' ? r : undefined;
        });
        strict_1.default.deepEqual(row, { status: 'sent', transport: 'mailbox' });
    });
});
//# sourceMappingURL=mailbox-delivery.test.js.map