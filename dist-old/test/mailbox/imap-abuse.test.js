"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const imap_helpers_1 = require("./imap-helpers");
const smtp_helpers_1 = require("./smtp-helpers");
const DAVE = 'dave@example.test';
(0, node_test_1.describe)('IMAP under abuse', { timeout: 60_000 }, () => {
    let app;
    (0, node_test_1.before)(async () => {
        // A 1-second idle timeout so the half-open test does not wait 30 minutes.
        app = await (0, app_1.startTestApp)({ MAILBOX_IMAP_TIMEOUT: '1' });
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [DAVE] }, (0, smtp_helpers_1.message)(DAVE, 'Still here', 'ok'));
    });
    (0, node_test_1.after)(() => app.destroy());
    /** After every abuse, a well-behaved client still logs in and reads its mail. */
    (0, node_test_1.afterEach)(async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        strict_1.default.match(await s.command('g1', `LOGIN ${DAVE} ${imap_helpers_1.PASSWORD}`), /g1 OK/);
        strict_1.default.match(await s.command('g2', 'SELECT INBOX'), /\* 1 EXISTS/);
        strict_1.default.match(await s.command('g3', 'FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]'), /Subject: Still here/);
        s.destroy();
    });
    (0, node_test_1.it)('answers an over-long line with BAD and keeps the connection usable', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        const from = s.length;
        s.write(`x1 LOGIN ${'a'.repeat(200 * 1024)} pw\r\n`);
        strict_1.default.match(await s.until(/BAD[^\r\n]*line too long[^\r\n]*\r\n/, from), /x1 BAD/);
        strict_1.default.match(await s.command('x2', 'NOOP'), /x2 OK/);
        s.destroy();
    });
    (0, node_test_1.it)('refuses a literal announcing 1 GB before reading any of it', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        const from = s.length;
        s.write('y1 LOGIN {1073741824}\r\n');
        const said = await s.until(/y1 (OK|NO|BAD)[^\r\n]*\r\n/, from);
        strict_1.default.match(said, /y1 BAD [^\r\n]*literal too big/);
        strict_1.default.doesNotMatch(said, /^\+ /m);
        strict_1.default.match(await s.command('y2', 'NOOP'), /y2 OK/);
        // A non-synchronizing one cannot be skipped safely: BAD, then the connection is closed.
        s.write('y3 LOGIN {1073741824+}\r\n');
        strict_1.default.match(await s.until(/y3 BAD[^\r\n]*\r\n/), /literal too big/);
        await s.until(/$^/);
        strict_1.default.equal(s.closed, true);
    });
    (0, node_test_1.it)('survives garbage bytes and answers BAD', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        const from = s.length;
        s.write(Buffer.concat([(0, node_crypto_1.randomBytes)(4096), Buffer.from('\r\n)(("\\\r\n{x}\r\n* * *\r\n\0\0\0\r\n')]));
        strict_1.default.match(await s.command('z1', 'NOOP'), /z1 OK/);
        strict_1.default.match(s.text.slice(from), /BAD/);
        s.destroy();
    });
    (0, node_test_1.it)('answers a flood of pipelined commands in order', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        await s.command('f0', `LOGIN ${DAVE} ${imap_helpers_1.PASSWORD}`);
        const from = s.length;
        s.write(Array.from({ length: 2000 }, (_, i) => `f${i + 1} NOOP\r\n`).join(''));
        const said = await s.until(/f2000 OK[^\r\n]*\r\n/, from);
        strict_1.default.equal(said.match(/^f\d+ OK/gm)?.length, 2000);
        s.destroy();
    });
    (0, node_test_1.it)('drops a half-open connection after the idle timeout', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        s.write('h1 LOGIN {5}\r\n'); // announces a literal and never sends it
        await s.until(/$^/);
        strict_1.default.equal(s.closed, true);
        strict_1.default.match(s.text, /\* BYE Autologout/);
    });
});
//# sourceMappingURL=imap-abuse.test.js.map