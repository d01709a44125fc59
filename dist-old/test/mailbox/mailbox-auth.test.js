"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const nodemailer_1 = __importDefault(require("nodemailer"));
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const smtp_helpers_1 = require("./smtp-helpers");
/** DKIM/SPF results and attachments in the message view, checked by mailauth with the local resolver. */
(0, node_test_1.describe)('mailbox message view: authentication and attachments', () => {
    let app;
    let mailbox;
    (0, node_test_1.before)(async () => {
        const dataDir = await (0, app_1.tempDataDir)();
        const keyFile = node_path_1.default.join(dataDir, 'dkim.pem');
        const { privateKey } = (0, node_crypto_1.generateKeyPairSync)('rsa', { modulusLength: 2048 });
        (0, node_fs_1.writeFileSync)(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
        app = await (0, app_1.startTestApp)({
            DKIM_DOMAIN: 'example.test',
            DKIM_SELECTOR: 'mg1',
            DKIM_PRIVATE_KEY_FILE: keyFile,
            MAIL_FROM: 'mailgate <no-reply@example.test>',
            RATE_LIMIT: 'off',
        }, dataDir);
        mailbox = new mailbox_client_1.MailboxClient(app.url);
    });
    (0, node_test_1.after)(async () => {
        await app?.destroy();
    });
    (0, node_test_1.it)("shows DKIM pass and SPF pass for mailgate's own signed mail", async () => {
        const res = await fetch(`${app.url}/users`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' }),
        });
        strict_1.default.equal(res.status, 202);
        const mail = await mailbox.waitFor('ada@example.com', { timeoutMs: 15_000 });
        strict_1.default.ok(mail);
        strict_1.default.deepEqual(mail.auth, { dkim: 'pass', dkimDomain: 'example.test', spf: 'pass' });
    });
    (0, node_test_1.it)('shows a tampered signature as failing and unknown senders as none', async () => {
        const first = await mailbox.waitFor('ada@example.com', { timeoutMs: 15_000 });
        strict_1.default.ok(first);
        const raw = (await mailbox.raw(first.id)).toString('latin1');
        // Same signed headers, different body: the body hash no longer matches.
        const tampered = raw.replace(/Thanks for signing up\./, 'Thanks for signing up!');
        strict_1.default.notEqual(tampered, raw);
        const { host, port } = (0, smtp_helpers_1.smtpAddress)(app);
        const transport = nodemailer_1.default.createTransport({ host, port, secure: false });
        try {
            await transport.sendMail({
                envelope: { from: 'no-reply@example.test', to: ['tamper@example.com'] },
                raw: tampered,
            });
            await transport.sendMail({
                envelope: { from: 'someone@elsewhere.test', to: ['stranger@example.com'] },
                from: 'someone@elsewhere.test',
                to: 'stranger@example.com',
                subject: 'unsigned',
                text: 'hello',
            });
        }
        finally {
            transport.close();
        }
        const bad = await mailbox.waitFor('tamper@example.com', { timeoutMs: 10_000 });
        // mailauth reports a body-hash mismatch as `neutral` (RFC 6376 leaves the label to the verifier).
        strict_1.default.ok(bad && ['fail', 'neutral'].includes(bad.auth.dkim), `got ${bad?.auth.dkim}`);
        const stranger = await mailbox.waitFor('stranger@example.com', { timeoutMs: 10_000 });
        strict_1.default.equal(stranger?.auth.dkim, 'none');
        strict_1.default.notEqual(stranger?.auth.spf, 'pass');
    });
    (0, node_test_1.it)('lists attachments and serves each one as a download', async () => {
        const { host, port } = (0, smtp_helpers_1.smtpAddress)(app);
        const transport = nodemailer_1.default.createTransport({ host, port, secure: false });
        const content = Buffer.from([0, 1, 2, 250, 251, 252]);
        try {
            await transport.sendMail({
                from: 'a@example.test',
                to: 'files@example.com',
                subject: 'with a file',
                text: 'see attached',
                attachments: [{ filename: 'report "q3".bin', content, contentType: 'application/octet-stream' }],
            });
        }
        finally {
            transport.close();
        }
        const mail = await mailbox.waitFor('files@example.com', { timeoutMs: 10_000 });
        strict_1.default.ok(mail);
        strict_1.default.equal(mail.attachments.length, 1);
        strict_1.default.equal(mail.attachments[0].filename, 'report "q3".bin');
        strict_1.default.equal(mail.attachments[0].size, content.length);
        const res = await fetch(`${app.url}/mailbox/api/messages/${mail.id}/attachments/0`);
        strict_1.default.equal(res.status, 200);
        strict_1.default.match(res.headers.get('content-disposition') ?? '', /^attachment; filename\*=UTF-8''report%20%22q3%22\.bin$/);
        strict_1.default.deepEqual(Buffer.from(await res.arrayBuffer()), content);
        const missing = await fetch(`${app.url}/mailbox/api/messages/${mail.id}/attachments/5`);
        strict_1.default.equal(missing.status, 404);
        strict_1.default.equal((await missing.json()).code, 'attachment_not_found');
    });
});
//# sourceMappingURL=mailbox-auth.test.js.map