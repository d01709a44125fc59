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
(0, node_test_1.describe)('dev mailbox: chaos switches for SMTP', () => {
    let app;
    let mailbox;
    (0, node_test_1.before)(async () => {
        // From the setting: the first message is refused 550, then the rule is spent.
        app = await (0, app_1.startTestApp)({ MAILBOX_CHAOS: '550:1:1' });
        mailbox = new mailbox_client_1.MailboxClient(app.url);
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    const chaosUrl = () => `${app.url}/mailbox/api/chaos`;
    async function put(rules) {
        return fetch(chaosUrl(), {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ rules }),
        });
    }
    async function current() {
        const res = await fetch(chaosUrl());
        strict_1.default.equal(res.status, 200);
        return (await res.json()).rules;
    }
    /** Sends one message with nodemailer; resolves to the error, or undefined when it was accepted. */
    async function send(to) {
        const { host, port } = (0, smtp_helpers_1.smtpAddress)(app);
        const transport = nodemailer_1.default.createTransport({ host, port, secure: false });
        try {
            await transport.sendMail({ envelope: { from: 's@example.test', to: [to] }, raw: (0, smtp_helpers_1.message)(to) });
            return undefined;
        }
        catch (err) {
            return err;
        }
        finally {
            transport.close();
        }
    }
    (0, node_test_1.it)('MAILBOX_CHAOS applies from start-up; a counted rule is spent', async () => {
        strict_1.default.deepEqual(await current(), [{ reply: 550, rate: 1, count: 1 }]);
        const failure = await send('env@example.test');
        strict_1.default.equal(failure?.responseCode, 550);
        strict_1.default.deepEqual(await current(), []);
        strict_1.default.equal(await send('env@example.test'), undefined);
        strict_1.default.equal((await mailbox.list({ to: 'env@example.test' })).length, 1, 'only the second one');
    });
    (0, node_test_1.it)('answers 451 to every message with rate 1, storing nothing, until DELETE turns it off', async () => {
        const to = 'flaky@example.test';
        const res = await put([{ reply: 451, rate: 1 }]);
        strict_1.default.equal(res.status, 200);
        strict_1.default.deepEqual(await res.json(), { rules: [{ reply: 451, rate: 1 }] });
        for (let i = 0; i < 3; i++)
            strict_1.default.equal((await send(to))?.responseCode, 451);
        strict_1.default.equal((await mailbox.list({ to })).length, 0);
        const off = await fetch(chaosUrl(), { method: 'DELETE' });
        strict_1.default.equal(off.status, 204);
        strict_1.default.deepEqual(await current(), []);
        strict_1.default.equal(await send(to), undefined);
        strict_1.default.equal((await mailbox.list({ to })).length, 1);
    });
    (0, node_test_1.it)('answers 421, 454 and 550 as asked', async () => {
        for (const reply of [421, 454, 550]) {
            strict_1.default.equal((await put([{ reply, rate: 1, count: 1 }])).status, 200);
            strict_1.default.equal((await send(`code${reply}@example.test`))?.responseCode, reply);
            strict_1.default.equal((await mailbox.list({ to: `code${reply}@example.test` })).length, 0);
        }
    });
    (0, node_test_1.it)('drop closes the connection after DATA without any reply, and nothing is stored', async () => {
        const to = 'dropped@example.test';
        strict_1.default.equal((await put([{ reply: 'drop', rate: 1, count: 2 }])).status, 200);
        const failure = await send(to);
        strict_1.default.ok(failure, 'nodemailer sees a failure');
        strict_1.default.equal(failure.responseCode, undefined, 'no SMTP reply came');
        const session = await (0, smtp_helpers_1.connect)(app);
        session.socket.write(`EHLO x\r\nMAIL FROM:<s@example.test>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
        await session.until(/354 /);
        const before354 = session.received.length;
        session.socket.write('Subject: x\r\n\r\nbody\r\n.\r\n');
        await new Promise((resolve) => session.socket.once('close', () => resolve()));
        strict_1.default.equal(session.received.slice(before354), '', 'nothing after the 354');
        strict_1.default.equal((await mailbox.list({ to })).length, 0);
        strict_1.default.equal(await send(to), undefined, 'the rule is spent');
    });
    (0, node_test_1.it)('refuses rules it does not understand', async () => {
        for (const rules of [[{ reply: 500, rate: 1 }], [{ reply: 451, rate: 2 }], [{ reply: 451 }], 'x']) {
            const res = await put(rules);
            strict_1.default.equal(res.status, 400, JSON.stringify(rules));
            strict_1.default.equal((await res.json()).code, 'validation_failed');
        }
        strict_1.default.deepEqual(await current(), []);
    });
});
//# sourceMappingURL=mailbox-chaos.test.js.map