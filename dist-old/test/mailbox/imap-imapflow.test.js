"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const imapflow_1 = require("imapflow");
const app_1 = require("../support/app");
const imap_helpers_1 = require("./imap-helpers");
const smtp_helpers_1 = require("./smtp-helpers");
const BOB = 'bob@example.test';
const MULTIPART = [
    'From: "Ann Example" <ann@example.test>',
    `To: Bob <${BOB}>`,
    'Cc: carol@example.test',
    'Subject: Report attached',
    'Date: Sat, 21 Nov 2026 11:00:00 +0000',
    'Message-ID: <multi@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="XYZ"',
    '',
    'preamble',
    '--XYZ',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See the report.',
    '--XYZ',
    'Content-Type: application/pdf; name="r.pdf"',
    'Content-Disposition: attachment; filename="r.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--XYZ--',
    '',
].join('\r\n');
(0, node_test_1.describe)('IMAP with imapflow', { timeout: 60_000 }, () => {
    let app;
    let client;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [BOB] }, (0, smtp_helpers_1.message)(BOB, 'Hello Bob', 'First body'));
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'ann@example.test', to: [BOB] }, MULTIPART);
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: ['someone-else@example.test'] }, (0, smtp_helpers_1.message)('x', 'Not Bob'));
        const { host, port } = (0, imap_helpers_1.imapAddress)(app);
        client = new imapflow_1.ImapFlow({
            host,
            port,
            secure: false,
            auth: { user: 'Bob@Example.TEST', pass: imap_helpers_1.PASSWORD },
            // imapflow upgrades with STARTTLS whenever it is offered; the dev certificate is self-signed.
            tls: { rejectUnauthorized: false },
            logger: false,
        });
        await client.connect();
    });
    (0, node_test_1.after)(async () => {
        await client.logout().catch(() => undefined);
        await app.destroy();
    });
    (0, node_test_1.it)('opens INBOX with UIDVALIDITY, UIDNEXT and only the messages to this address', async () => {
        strict_1.default.equal(client.secureConnection, true, 'imapflow took STARTTLS');
        const box = await client.mailboxOpen('INBOX');
        strict_1.default.equal(box.exists, 2);
        strict_1.default.ok(Number(box.uidValidity) > 0);
        strict_1.default.equal(box.uidNext, 4);
        const list = await client.list();
        strict_1.default.deepEqual(list.map((m) => m.path), ['INBOX']);
    });
    (0, node_test_1.it)('fetches envelope, flags, body structure and source', async () => {
        const msg = await client.fetchOne('2', {
            envelope: true,
            flags: true,
            bodyStructure: true,
            source: true,
            uid: true,
        });
        strict_1.default.ok(msg);
        strict_1.default.equal(msg.uid, 2);
        strict_1.default.equal(msg.envelope?.subject, 'Report attached');
        strict_1.default.deepEqual(msg.envelope?.from, [{ name: 'Ann Example', address: 'ann@example.test' }]);
        strict_1.default.deepEqual(msg.envelope?.to?.map((a) => a.address), [BOB]);
        strict_1.default.equal(msg.envelope?.messageId, '<multi@example.test>');
        strict_1.default.equal(msg.flags?.size, 0);
        strict_1.default.equal(msg.bodyStructure?.type, 'multipart/mixed');
        const parts = msg.bodyStructure?.childNodes ?? [];
        strict_1.default.equal(parts[0].type, 'text/plain');
        strict_1.default.equal(parts[1].type, 'application/pdf');
        strict_1.default.equal(parts[1].disposition, 'attachment');
        strict_1.default.equal(parts[1].encoding, 'base64');
        strict_1.default.equal(msg.source?.toString(), MULTIPART);
    });
    (0, node_test_1.it)('downloads one part and a partial body', async () => {
        const part = await client.download('2', '1');
        const chunks = [];
        for await (const c of part.content)
            chunks.push(c);
        strict_1.default.equal(Buffer.concat(chunks).toString(), 'See the report.');
        const partial = await client.fetchOne('1', { bodyParts: ['TEXT'] });
        strict_1.default.equal(partial && partial.bodyParts?.get('text')?.toString(), 'First body\r\n');
        const raw = await client.fetchOne('2', { source: { start: 6, maxLength: 5 } });
        strict_1.default.equal(raw && raw.source?.toString(), '"Ann ');
    });
    (0, node_test_1.it)('searches by seen, unseen, from, subject and since', async () => {
        await client.messageFlagsAdd('1', ['\\Seen']);
        strict_1.default.deepEqual(await client.search({ seen: true }), [1]);
        strict_1.default.deepEqual(await client.search({ seen: false }), [2]);
        strict_1.default.deepEqual(await client.search({ from: 'ann@example' }), [2]);
        strict_1.default.deepEqual(await client.search({ subject: 'hello' }), [1]);
        strict_1.default.deepEqual(await client.search({ since: new Date(Date.now() - 86_400_000) }), [1, 2]);
        strict_1.default.deepEqual(await client.search({ since: new Date(Date.now() + 2 * 86_400_000) }), []);
        strict_1.default.deepEqual(await client.search({ or: [{ subject: 'report' }, { seen: true }] }), [1, 2]);
        strict_1.default.deepEqual(await client.search({ uid: '2:*' }, { uid: true }), [2]);
    });
    (0, node_test_1.it)('adds and removes flags, then expunges', async () => {
        await client.messageFlagsAdd('2', ['\\Flagged', '\\Deleted']);
        let msg = await client.fetchOne('2', { flags: true });
        strict_1.default.deepEqual([...(msg ? (msg.flags ?? []) : [])].sort(), ['\\Deleted', '\\Flagged']);
        await client.messageFlagsRemove('2', ['\\Deleted']);
        msg = await client.fetchOne('2', { flags: true });
        strict_1.default.deepEqual([...(msg ? (msg.flags ?? []) : [])], ['\\Flagged']);
        await client.messageFlagsAdd('1', ['\\Deleted']);
        await client.messageDelete('1');
        const status = await client.status('INBOX', { messages: true });
        strict_1.default.equal(status.messages, 1);
        const left = await client.fetchOne('1', { uid: true });
        strict_1.default.equal(left && left.uid, 2);
    });
    (0, node_test_1.it)('IDLE receives a message sent over SMTP while idling', async () => {
        const arrived = new Promise((resolve) => client.once('exists', (e) => resolve(e.count)));
        const idling = client.idle();
        // Wait until the server said `+ idling` (imapflow sets `idling` then).
        while (!client.idling)
            await new Promise((r) => setTimeout(r, 10));
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [BOB] }, (0, smtp_helpers_1.message)(BOB, 'While idle', 'pushed'));
        strict_1.default.equal(await arrived, 2);
        const msg = await client.fetchOne('*', { envelope: true, uid: true });
        strict_1.default.equal(msg && msg.envelope?.subject, 'While idle');
        await idling.catch(() => undefined);
    });
});
//# sourceMappingURL=imap-imapflow.test.js.map