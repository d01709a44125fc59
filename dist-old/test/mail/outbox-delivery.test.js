"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_net_1 = __importDefault(require("node:net"));
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const pglite_db_1 = require("../../src/infra/db/pglite.db");
const mail_port_1 = require("../../src/modules/mail/mail.port");
const app_1 = require("../support/app");
const smtp_sink_1 = require("./smtp-sink");
function verifyMail(address, name = 'Ada Lovelace') {
    const now = Date.now();
    return {
        to: { address, name },
        template: 'signup-verify',
        locale: 'en',
        data: {
            name,
            linkExpiresAt: new Date(now + 86_400_000).toISOString(),
            codeExpiresAt: new Date(now + 1_800_000).toISOString(),
        },
        secrets: {
            link: `https://mailgate.test/users/email-verify?signupVerifyToken=${(0, node_crypto_1.randomUUID)()}`,
            code: '402913',
        },
    };
}
async function enqueue(app, mail) {
    const outbox = app.app.get(mail_port_1.MAIL_OUTBOX);
    const { id } = await app.runtime.db.transaction((tx) => outbox.enqueue(tx, mail));
    outbox.wake();
    return id;
}
async function row(db, id) {
    const [r] = await db.query('SELECT * FROM messages WHERE id = $1', [id]);
    return r;
}
async function attempts(db, id) {
    return db.query('SELECT outcome, error FROM message_attempts WHERE message_id = $1 ORDER BY id', [id]);
}
function settled(db, id, status) {
    return (0, smtp_sink_1.waitFor)(`message ${id} to be ${status}`, async () => {
        const r = await row(db, id);
        if (r.status === 'failed' && status !== 'failed')
            throw new Error(`message failed: ${r.last_error}`);
        return r.status === status ? r : undefined;
    });
}
const addr = (label) => `${label}-${(0, node_crypto_1.randomUUID)().slice(0, 8)}@example.test`;
(0, node_test_1.describe)('mail outbox over SMTP', () => {
    let sink;
    let app;
    const env = () => ({
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        MAILBOX: 'off',
        MAIL_FROM: 'mailgate <no-reply@mailgate.test>',
    });
    (0, node_test_1.before)(async () => {
        sink = await smtp_sink_1.SmtpSink.start();
        app = await (0, app_1.startTestApp)(env());
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
        await sink.close();
    });
    (0, node_test_1.it)('delivers a queued message once, with the Message-ID fixed at enqueue, and wipes the secrets', async () => {
        const to = addr('ada');
        const mail = verifyMail(to);
        const id = await enqueue(app, mail);
        const queued = await row(app.runtime.db, id);
        strict_1.default.match(queued.message_id, /^<[0-9a-f-]{36}@mailgate\.test>$/);
        strict_1.default.ok(queued.sealed, 'secrets are sealed while the message is pending');
        strict_1.default.equal(Buffer.from(queued.sealed).includes(Buffer.from('402913')), false);
        const sent = await settled(app.runtime.db, id, 'sent');
        strict_1.default.equal(sent.sealed, null);
        strict_1.default.ok(sent.sent_at);
        strict_1.default.deepEqual(await attempts(app.runtime.db, id), [{ outcome: 'sent', error: null }]);
        const got = sink.to(to);
        strict_1.default.equal(got.length, 1);
        strict_1.default.deepEqual(got[0].rcptTo, [to]);
        strict_1.default.equal(got[0].mailFrom, 'no-reply@mailgate.test');
        strict_1.default.equal(got[0].messageId, queued.message_id);
        strict_1.default.match(got[0].headers, /^Auto-Submitted: auto-generated$/im);
        strict_1.default.match(got[0].headers, /^To: Ada Lovelace <ada-[0-9a-f]{8}@example\.test>$/im);
        strict_1.default.match(got[0].headers, /^Subject: Confirm your email address$/im);
        strict_1.default.ok(got[0].raw.includes('402913'), 'the code is in the mail');
    });
    (0, node_test_1.it)('retries a 451 with the same Message-ID: two attempts, sent, one accepted copy', async () => {
        const to = addr('retry');
        sink.script(to, [451]);
        const id = await enqueue(app, verifyMail(to));
        const sent = await settled(app.runtime.db, id, 'sent');
        strict_1.default.equal(sent.attempts_made, 2);
        const log = await attempts(app.runtime.db, id);
        strict_1.default.deepEqual(log.map((a) => a.outcome), ['retry', 'sent']);
        strict_1.default.match(log[0].error ?? '', /^SMTP 451: temporary failure/);
        const got = sink.to(to);
        strict_1.default.deepEqual(got.map((r) => r.reply), [451, 250]);
        strict_1.default.equal(got[0].messageId, sent.message_id);
        strict_1.default.equal(got[1].messageId, sent.message_id);
    });
    (0, node_test_1.it)('gives up on a 550 after exactly one attempt and stores our reason', async () => {
        const to = addr('bounce');
        sink.script(to, [550, 550, 550]);
        const id = await enqueue(app, verifyMail(to));
        const failed = await settled(app.runtime.db, id, 'failed');
        strict_1.default.equal(failed.attempts_made, 1);
        strict_1.default.match(failed.last_error ?? '', /^SMTP 550: rejected/);
        strict_1.default.equal(failed.sealed, null);
        const log = await attempts(app.runtime.db, id);
        strict_1.default.equal(log.length, 1);
        strict_1.default.equal(log[0].outcome, 'failed');
        strict_1.default.equal(log[0].error, failed.last_error);
        strict_1.default.equal(sink.to(to).length, 1);
    });
    (0, node_test_1.it)('a recipient name cannot inject a Bcc header or an extra recipient', async () => {
        const to = addr('eve');
        const id = await enqueue(app, verifyMail(to, 'Eve\r\nBcc: victim@evil.test'));
        await settled(app.runtime.db, id, 'sent');
        const got = sink.to(to);
        strict_1.default.equal(got.length, 1);
        strict_1.default.deepEqual(got[0].rcptTo, [to]);
        strict_1.default.equal(sink.received.some((r) => r.rcptTo.includes('victim@evil.test')), false);
        strict_1.default.doesNotMatch(got[0].headers, /^bcc:/im);
        const toHeader = /^To:.*(?:\r?\n[ \t].*)*/im.exec(got[0].headers)?.[0] ?? '';
        strict_1.default.ok(toHeader.includes(to), toHeader);
    });
    (0, node_test_1.it)('refuses at enqueue a template it does not know or values it lacks (inside the caller transaction)', async () => {
        const outbox = app.app.get(mail_port_1.MAIL_OUTBOX);
        await strict_1.default.rejects(app.runtime.db.transaction((tx) => outbox.enqueue(tx, { ...verifyMail(addr('x')), template: 'nope' })), /unknown mail template/);
        await strict_1.default.rejects(app.runtime.db.transaction((tx) => outbox.enqueue(tx, { ...verifyMail(addr('x')), secrets: {} })), /needs values for: .*link/);
    });
    (0, node_test_1.it)('finds work by polling when nobody calls wake()', async () => {
        const to = addr('poll');
        const outbox = app.app.get(mail_port_1.MAIL_OUTBOX);
        const { id } = await app.runtime.db.transaction((tx) => outbox.enqueue(tx, verifyMail(to)));
        await settled(app.runtime.db, id, 'sent');
        strict_1.default.equal(sink.to(to).length, 1);
    });
    (0, node_test_1.it)('keeps at most 8 sends in flight, and delivers the rest as slots free up', async () => {
        const batch = Array.from({ length: 20 }, () => addr('burst'));
        sink.hold();
        try {
            const ids = await app.runtime.db.transaction(async (tx) => {
                const outbox = app.app.get(mail_port_1.MAIL_OUTBOX);
                const out = [];
                for (const to of batch)
                    out.push((await outbox.enqueue(tx, verifyMail(to))).id);
                return out;
            });
            app.app.get(mail_port_1.MAIL_OUTBOX).wake();
            await (0, smtp_sink_1.waitFor)('8 sends waiting at the server', async () => (sink.waiting === 8 ? true : undefined));
            // Give the worker a few more chances to claim (it polls every second): the bound must hold.
            for (let i = 0; i < 3; i++) {
                app.app.get(mail_port_1.MAIL_OUTBOX).wake();
                await new Promise((resolve) => setTimeout(resolve, 400));
            }
            const [{ n }] = await app.runtime.db.query(`SELECT count(*)::int AS n FROM messages WHERE status = 'sending' AND id = ANY($1::uuid[])`, [ids]);
            strict_1.default.equal(n, 8);
            strict_1.default.equal(sink.waiting, 8);
            sink.release();
            for (const id of ids)
                await settled(app.runtime.db, id, 'sent');
            for (const to of batch)
                strict_1.default.equal(sink.to(to).length, 1, to);
        }
        finally {
            sink.release();
        }
    });
    (0, node_test_1.it)('GET /health reports the mail worker', async () => {
        const res = await fetch(`${app.url}/health`);
        const body = (await res.json());
        strict_1.default.equal(res.status, 200);
        strict_1.default.equal(body.checks.mail, 'ok');
    });
    (0, node_test_1.it)('a message left "sending" by a crashed worker is delivered after a restart, once', async () => {
        const to = addr('crash');
        const outbox = app.app.get(mail_port_1.MAIL_OUTBOX);
        // Enqueue and, in the same transaction, make it look claimed by another worker mid-send.
        const { id, messageId } = await app.runtime.db.transaction(async (tx) => {
            const queued = await outbox.enqueue(tx, verifyMail(to));
            await tx.query(`UPDATE messages SET status = 'sending', attempts_made = 1, lease_id = $2,
                locked_until = now() + interval '1 hour' WHERE id = $1`, [queued.id, (0, node_crypto_1.randomUUID)()]);
            return queued;
        });
        await app.stop();
        // The crashed worker's lease runs out while nothing is running.
        const db = await pglite_db_1.PgliteDb.open(node_path_1.default.join(app.dataDir, 'db'));
        await db.query(`UPDATE messages SET locked_until = now() - interval '1 minute' WHERE id = $1`, [id]);
        await db.close();
        app = await (0, app_1.startTestApp)(env(), app.dataDir);
        const sent = await settled(app.runtime.db, id, 'sent');
        strict_1.default.equal(sent.message_id, messageId);
        strict_1.default.equal(sent.sealed, null);
        const log = await attempts(app.runtime.db, id);
        strict_1.default.deepEqual(log.map((a) => a.outcome), ['retry', 'sent']);
        strict_1.default.match(log[0].error ?? '', /interrupted/);
        const got = sink.to(to);
        strict_1.default.equal(got.length, 1);
        strict_1.default.equal(got[0].messageId, messageId);
    });
    (0, node_test_1.it)('on shutdown, stops claiming but lets a send in flight finish and records it', async () => {
        const to = addr('drain');
        sink.hold();
        const id = await enqueue(app, verifyMail(to));
        await (0, smtp_sink_1.waitFor)('the send to reach the server', async () => (sink.waiting === 1 ? true : undefined));
        const stopping = app.stop();
        // The server answers only later: stop() must still be waiting for the send, or the row stays 'sending'.
        setTimeout(() => sink.release(), 300);
        await stopping;
        const db = await pglite_db_1.PgliteDb.open(node_path_1.default.join(app.dataDir, 'db'));
        try {
            const [r] = await db.query('SELECT * FROM messages WHERE id = $1', [id]);
            strict_1.default.equal(r.status, 'sent');
            strict_1.default.equal(r.sealed, null);
        }
        finally {
            await db.close();
        }
        strict_1.default.equal(sink.to(to).length, 1);
    });
});
(0, node_test_1.describe)('mail outbox over SMTP with AUTH', () => {
    let sink;
    const apps = [];
    (0, node_test_1.before)(async () => {
        sink = await smtp_sink_1.SmtpSink.start({ auth: { user: 'relay@mailgate.test', pass: 'p@ss:word' } });
    });
    (0, node_test_1.after)(async () => {
        for (const a of apps)
            await a.destroy();
        await sink.close();
    });
    async function appWith(userinfo) {
        const app = await (0, app_1.startTestApp)({
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: `smtp://${userinfo}@127.0.0.1:${sink.port}`,
            MAILBOX: 'off',
        });
        apps.push(app);
        return app;
    }
    (0, node_test_1.it)('authenticates with the credentials in SMTP_URL (percent-decoded)', async () => {
        const app = await appWith('relay%40mailgate.test:p%40ss%3Aword');
        const to = addr('auth');
        const id = await enqueue(app, verifyMail(to));
        await settled(app.runtime.db, id, 'sent');
        strict_1.default.equal(sink.to(to).length, 1);
    });
    (0, node_test_1.it)('wrong credentials fail the message permanently without leaking the password', async () => {
        const app = await appWith('relay%40mailgate.test:wrong-password');
        const to = addr('noauth');
        const id = await enqueue(app, verifyMail(to));
        const failed = await settled(app.runtime.db, id, 'failed');
        strict_1.default.equal(failed.attempts_made, 1);
        strict_1.default.match(failed.last_error ?? '', /^SMTP 535: authentication rejected/);
        strict_1.default.equal((failed.last_error ?? '').includes('wrong-password'), false);
        strict_1.default.equal(sink.to(to).length, 0);
    });
});
/** A port nothing listens on: bound, then closed. */
async function freePort() {
    const server = node_net_1.default.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    return port;
}
(0, node_test_1.describe)('mail outbox through an SMTP outage', () => {
    (0, node_test_1.it)('keeps every message while the server is down and delivers each exactly once when it is back', async () => {
        const port = await freePort();
        const app = await (0, app_1.startTestApp)({
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: `smtp://127.0.0.1:${port}`,
            MAILBOX: 'off',
            MAIL_FROM: 'mailgate <no-reply@mailgate.test>',
        });
        let sink;
        try {
            const recipients = Array.from({ length: 5 }, (_, i) => addr(`outage${i}`));
            const ids = await Promise.all(recipients.map((to) => enqueue(app, verifyMail(to))));
            // Down: every message has failed at least once and is waiting to retry, none is lost or failed.
            for (const id of ids)
                await settled(app.runtime.db, id, 'retrying');
            sink = await smtp_sink_1.SmtpSink.start({}, port);
            const sent = [];
            for (const id of ids)
                sent.push(await settled(app.runtime.db, id, 'sent'));
            recipients.forEach((to, i) => {
                const copies = sink.to(to);
                strict_1.default.equal(copies.length, 1, `${to} got exactly one copy`);
                strict_1.default.equal(copies[0].messageId, sent[i].message_id);
            });
            for (const id of ids) {
                const outcomes = (await attempts(app.runtime.db, id)).map((a) => a.outcome);
                strict_1.default.equal(outcomes.at(-1), 'sent');
                strict_1.default.ok(outcomes.slice(0, -1).every((o) => o === 'retry'), outcomes.join(','));
            }
        }
        finally {
            await app.destroy();
            await sink?.close();
        }
    });
});
//# sourceMappingURL=outbox-delivery.test.js.map