"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_test_1 = require("node:test");
const smtp_server_1 = require("smtp-server");
const smtp_sink_1 = require("../mail/smtp-sink");
const app_1 = require("../support/app");
const KEY = 'mg_test_key_bounce_0123456789';
/**
 * A relay that knows which mailboxes exist: RCPT TO a `gone-…` address gets `550 5.1.1 user unknown`,
 * a `policy-…` one `550 5.7.1` (a permanent failure that is not about the mailbox).
 */
async function relay() {
    const accepted = [];
    const server = new smtp_server_1.SMTPServer({
        disabledCommands: ['STARTTLS', 'AUTH'],
        authOptional: true,
        logger: false,
        onRcptTo(address, _session, callback) {
            const reply = (code, text) => callback(Object.assign(new Error(text), { responseCode: code }));
            if (address.address.startsWith('gone-'))
                return reply(550, '5.1.1 user unknown');
            if (address.address.startsWith('policy-'))
                return reply(550, '5.7.1 rejected by policy');
            callback();
        },
        onData(stream, session, callback) {
            stream.resume();
            stream.on('end', () => {
                accepted.push(...session.envelope.rcptTo.map((r) => r.address));
                callback();
            });
        },
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        port: server.server.address().port,
        accepted,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
(0, node_test_1.describe)('hard bounces at send time', () => {
    let app;
    let smtp;
    (0, node_test_1.before)(async () => {
        smtp = await relay();
        app = await (0, app_1.startTestApp)({
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
            MAILBOX: 'off',
            API_KEYS: KEY,
        });
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
        await smtp.close();
    });
    const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    async function send(to) {
        const res = await fetch(`${app.url}/emails`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ to, subject: 'Hello', text: 'Hi' }),
        });
        strict_1.default.equal(res.status, 202);
        return (await res.json()).id;
    }
    const settled = (id, status) => (0, smtp_sink_1.waitFor)(`email ${id} to be ${status}`, async () => {
        const v = (await (await fetch(`${app.url}/emails/${id}`, { headers: auth })).json());
        return v.status === status ? v : undefined;
    });
    const suppressed = async () => (await (await fetch(`${app.url}/emails/suppressions`, { headers: auth })).json()).suppressions;
    (0, node_test_1.it)('550 5.1.1 fails the message once and suppresses the address; the next message is not sent', async () => {
        const to = `gone-${(0, node_crypto_1.randomUUID)().slice(0, 8)}@example.test`;
        const failed = await settled(await send(to), 'failed');
        strict_1.default.equal(failed.attempts.length, 1);
        strict_1.default.equal(failed.attempts[0].error, 'SMTP 550: recipient unknown (5.1.1) (after RCPT)');
        const entry = await (0, smtp_sink_1.waitFor)('the suppression', async () => (await suppressed()).find((s) => s.address === to));
        strict_1.default.deepEqual(entry && { reason: entry.reason, source: entry.source }, {
            reason: 'hard_bounce',
            source: 'smtp',
        });
        const next = await settled(await send(to), 'suppressed');
        strict_1.default.equal(next.attempts[0].outcome, 'suppressed');
        strict_1.default.match(next.attempts[0].error ?? '', /hard_bounce/);
    });
    (0, node_test_1.it)('another permanent failure (550 5.7.1) fails the message but does not suppress', async () => {
        const to = `policy-${(0, node_crypto_1.randomUUID)().slice(0, 8)}@example.test`;
        const failed = await settled(await send(to), 'failed');
        strict_1.default.equal(failed.attempts[0].error, 'SMTP 550: rejected (after RCPT)');
        strict_1.default.equal((await suppressed()).some((s) => s.address === to), false);
        const ok = `fine-${(0, node_crypto_1.randomUUID)().slice(0, 8)}@example.test`;
        await settled(await send(ok), 'sent');
        strict_1.default.deepEqual(smtp.accepted, [ok]);
    });
});
//# sourceMappingURL=hard-bounce.test.js.map