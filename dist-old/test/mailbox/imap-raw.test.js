"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const imap_helpers_1 = require("./imap-helpers");
const smtp_helpers_1 = require("./smtp-helpers");
const ALICE = 'alice@example.test';
(0, node_test_1.describe)('IMAP over a raw socket (literals both ways, state machine)', { timeout: 30_000 }, () => {
    let app;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [ALICE] }, (0, smtp_helpers_1.message)(ALICE, 'First one', 'Body one'));
    });
    (0, node_test_1.after)(() => app.destroy());
    (0, node_test_1.it)('logs in with a synchronizing literal password and answers a body as a literal', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        strict_1.default.match(s.text, /^\* OK \[CAPABILITY IMAP4rev1 [^\]]*IDLE[^\]]*AUTH=PLAIN[^\]]*STARTTLS[^\]]*\]/);
        const from = s.length;
        s.write('a1 LOGIN ALICE@example.test {8}\r\n');
        await s.until(/^\+ [^\r\n]*\r\n/, from);
        s.write('mailgate\r\n');
        strict_1.default.match(await s.until(/a1 (OK|NO|BAD)[^\r\n]*\r\n/, from), /a1 OK /);
        const select = await s.command('a2', 'SELECT inbox');
        strict_1.default.match(select, /\* 1 EXISTS\r\n/);
        strict_1.default.match(select, /\* OK \[UIDVALIDITY \d+\]/);
        strict_1.default.match(select, /\* OK \[UIDNEXT 2\]/);
        strict_1.default.match(select, /a2 OK \[READ-WRITE\]/);
        const fetch = await s.command('a3', 'FETCH 1 (UID BODY.PEEK[TEXT])');
        strict_1.default.match(fetch, /^\* 1 FETCH \(UID 1 BODY\[TEXT\] \{10\}\r\nBody one\r\n\)\r\na3 OK/);
        s.destroy();
    });
    (0, node_test_1.it)('takes a non-synchronizing literal (LITERAL+) without a continuation', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        const from = s.length;
        s.write('b1 LOGIN {18+}\r\nalice@example.test {8+}\r\nmailgate\r\n');
        const out = await s.until(/b1 (OK|NO|BAD)[^\r\n]*\r\n/, from);
        strict_1.default.doesNotMatch(out, /^\+ /m);
        strict_1.default.match(out, /b1 OK /);
        s.destroy();
    });
    (0, node_test_1.it)('refuses a wrong password, commands in the wrong state, and unknown commands', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        strict_1.default.match(await s.command('c1', 'LOGIN alice@example.test wrong'), /c1 NO \[AUTHENTICATIONFAILED\]/);
        strict_1.default.match(await s.command('c2', 'SELECT INBOX'), /c2 BAD /);
        strict_1.default.match(await s.command('c3', 'FROBNICATE'), /c3 BAD /);
        strict_1.default.match(await s.command('c4', 'AUTHENTICATE PLAIN ' + Buffer.from('\0alice@example.test\0mailgate').toString('base64')), /c4 OK /);
        strict_1.default.match(await s.command('c5', 'FETCH 1 FLAGS'), /c5 BAD /);
        strict_1.default.match(await s.command('c6', 'LIST "" "*"'), /\* LIST \(\\HasNoChildren\) "\/" "INBOX"\r\nc6 OK/);
        strict_1.default.match(await s.command('c7', 'STATUS INBOX (MESSAGES UNSEEN UIDNEXT)'), /\* STATUS "INBOX" \(MESSAGES 1 UNSEEN 1 UIDNEXT 2\)/);
        strict_1.default.match(await s.command('c8', 'LOGOUT'), /\* BYE [^\r\n]*\r\nc8 OK/);
        await s.until(/$^/);
        strict_1.default.equal(s.closed, true);
    });
    (0, node_test_1.it)('sets \\Seen on a non-PEEK body fetch but not on EXAMINE', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        await s.command('d1', 'LOGIN alice@example.test mailgate');
        await s.command('d2', 'EXAMINE INBOX');
        strict_1.default.doesNotMatch(await s.command('d3', 'FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]'), /\\Seen/);
        await s.command('d4', 'SELECT INBOX');
        const fetch = await s.command('d5', 'FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]');
        strict_1.default.match(fetch, /BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{22\}\r\nSubject: First one\r\n\r\n/);
        strict_1.default.match(fetch, /FLAGS \(\\Seen\)/);
        strict_1.default.match(await s.command('d6', 'STORE 1 -FLAGS (\\Seen)'), /\* 1 FETCH \(FLAGS \(\)\)/);
        s.destroy();
    });
    (0, node_test_1.it)("reports another session's EXPUNGE and new mail at NOOP, not before", async () => {
        const EVE = 'eve@example.test';
        for (const subject of ['e1', 'e2', 'e3'])
            await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [EVE] }, (0, smtp_helpers_1.message)(EVE, subject));
        const a = await imap_helpers_1.RawImap.open(app);
        const b = await imap_helpers_1.RawImap.open(app);
        for (const s of [a, b]) {
            await s.command('l', `LOGIN ${EVE} mailgate`);
            strict_1.default.match(await s.command('s', 'SELECT INBOX'), /\* 3 EXISTS/);
        }
        strict_1.default.match(await a.command('a1', 'STORE 2 +FLAGS.SILENT (\\Deleted)'), /^a1 OK/);
        strict_1.default.match(await a.command('a2', 'EXPUNGE'), /^\* 2 EXPUNGE\r\na2 OK/);
        // b still numbers the old way until it asks: message 3 is still its third.
        strict_1.default.match(await b.command('b1', 'FETCH 3 (UID)'), /\* 3 FETCH \(UID \d+\)/);
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [EVE] }, (0, smtp_helpers_1.message)(EVE, 'e4'));
        strict_1.default.match(await b.command('b2', 'NOOP'), /^\* 2 EXPUNGE\r\n\* 3 EXISTS\r\nb2 OK/);
        strict_1.default.match(await a.command('a3', 'UID SEARCH ALL'), /\* SEARCH \d+ \d+\r\n/);
        a.destroy();
        b.destroy();
    });
});
//# sourceMappingURL=imap-raw.test.js.map