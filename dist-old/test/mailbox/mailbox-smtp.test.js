"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const nodemailer_1 = __importDefault(require("nodemailer"));
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const smtp_helpers_1 = require("./smtp-helpers");
const MiB = 1024 * 1024;
(0, node_test_1.describe)('dev mailbox: SMTP listener under abuse', () => {
    let app;
    let mailbox;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        mailbox = new mailbox_client_1.MailboxClient(app.url);
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    async function stillAccepts(to) {
        const response = await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, `after abuse ${to}`));
        strict_1.default.match(response, /^250 /);
        strict_1.default.equal((await mailbox.list({ to })).length, 1);
    }
    (0, node_test_1.it)('advertises SIZE and accepts AUTH without requiring it', async () => {
        const session = await (0, smtp_helpers_1.connect)(app);
        session.socket.write('EHLO client.test\r\n');
        const greeting = await session.until(/250 [^\r\n]*\r\n$/);
        strict_1.default.match(greeting, /250[- ]SIZE 26214400\r\n/);
        strict_1.default.match(greeting, /250[- ]AUTH LOGIN PLAIN\r\n/);
        strict_1.default.doesNotMatch(greeting, /STARTTLS/);
        session.destroy();
        const { host, port } = (0, smtp_helpers_1.smtpAddress)(app);
        const transport = nodemailer_1.default.createTransport({
            host,
            port,
            secure: false,
            auth: { user: 'any', pass: 'thing' },
        });
        try {
            const info = await transport.sendMail({
                envelope: { from: 's@example.test', to: ['auth@example.test'] },
                raw: (0, smtp_helpers_1.message)('auth@example.test'),
            });
            strict_1.default.match(info.response, /^250 /);
        }
        finally {
            transport.close();
        }
    });
    (0, node_test_1.it)('survives garbage bytes and still accepts a good message', async () => {
        const session = await (0, smtp_helpers_1.connect)(app);
        const garbage = Buffer.alloc(64 * 1024);
        for (let i = 0; i < garbage.length; i++)
            garbage[i] = (i * 7919) % 256;
        session.socket.write(garbage);
        session.socket.write('\r\n\x00\xff NOT A COMMAND\r\nQUIT\r\n');
        await session.until(/221 /);
        session.destroy();
        await stillAccepts('after-garbage@example.test');
    });
    (0, node_test_1.it)('survives half-open and idle connections, storing nothing from an unfinished DATA', async () => {
        const idle = await (0, smtp_helpers_1.connect)(app);
        const half = await (0, smtp_helpers_1.connect)(app);
        half.socket.write('EHLO x\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<half@example.test>\r\nDATA\r\n');
        strict_1.default.match(await half.until(/354 /), /354 /);
        half.socket.write('Subject: never finished\r\n\r\npartial body');
        half.socket.end(); // half-close: we send no more, the server still may write
        await stillAccepts('after-half-open@example.test');
        strict_1.default.equal((await mailbox.list({ to: 'half@example.test' })).length, 0);
        idle.destroy();
        half.destroy();
    });
    (0, node_test_1.it)('answers 552 to an oversized message, keeps nothing, and still accepts a good one', async () => {
        const declared = await (0, smtp_helpers_1.connect)(app);
        declared.socket.write('EHLO x\r\nMAIL FROM:<a@example.test> SIZE=30000000\r\n');
        strict_1.default.match(await declared.until(/\r\n5\d\d [^\r\n]*\r\n$/), /\r\n552 /);
        declared.destroy();
        const session = await (0, smtp_helpers_1.connect)(app);
        session.socket.write('EHLO x\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<big@example.test>\r\nDATA\r\n');
        strict_1.default.match(await session.until(/354 /), /354 /);
        const line = Buffer.from('x'.repeat(998) + '\r\n');
        const chunk = Buffer.concat(Array.from({ length: 1024 }, () => line)); // ~1 MiB
        session.socket.write('Subject: too big\r\n\r\n');
        for (let sent = 0; sent <= 26 * MiB; sent += chunk.length) {
            if (!session.socket.write(chunk))
                await new Promise((r) => session.socket.once('drain', r));
        }
        session.socket.write('\r\n.\r\n');
        const reply = await session.until(/\r\n(250|4\d\d|5\d\d) [^\r\n]*\r\n$/);
        strict_1.default.match(reply, /\r\n552 /);
        session.destroy();
        strict_1.default.equal((await mailbox.list({ to: 'big@example.test' })).length, 0);
        await stillAccepts('after-oversize@example.test');
    });
});
//# sourceMappingURL=mailbox-smtp.test.js.map