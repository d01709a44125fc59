"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_child_process_1 = require("node:child_process");
const node_test_1 = require("node:test");
const node_tls_1 = __importDefault(require("node:tls"));
const app_1 = require("../support/app");
const imap_helpers_1 = require("./imap-helpers");
const smtp_helpers_1 = require("./smtp-helpers");
const CAROL = 'carol@example.test';
/** Runs a program to completion without blocking the event loop (the server is in this process). */
function run(cmd, args) {
    return new Promise((resolve, reject) => {
        const child = (0, node_child_process_1.spawn)(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d.toString()));
        child.stderr.on('data', (d) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
}
(0, node_test_1.describe)('IMAP with Python imaplib, curl and node tls', { timeout: 60_000 }, () => {
    let app;
    let port;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        port = (0, imap_helpers_1.imapAddress)(app).port;
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [CAROL] }, (0, smtp_helpers_1.message)(CAROL, 'Python one', 'Text one'));
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: [CAROL] }, (0, smtp_helpers_1.message)(CAROL, 'Python two', 'Text two'));
    });
    (0, node_test_1.after)(() => app.destroy());
    (0, node_test_1.it)('serves Python imaplib: login, select, search, fetch, store, uid commands, logout', async () => {
        const script = `
import imaplib, json, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
out = {}
out['login'] = m.login('${CAROL.toUpperCase()}', '${imap_helpers_1.PASSWORD}')[0]
typ, data = m.select('INBOX')
out['exists'] = data[0].decode()
out['unseen'] = m.search(None, 'UNSEEN')[1][0].decode()
out['subject'] = m.search(None, 'SUBJECT', '"two"')[1][0].decode()
typ, data = m.fetch('1', '(BODY.PEEK[HEADER.FIELDS (SUBJECT)] RFC822.SIZE)')
out['header'] = data[0][1].decode()
out['size_line'] = data[0][0].decode() + data[1].decode()
typ, data = m.fetch('2', '(BODY[TEXT])')
out['text'] = data[0][1].decode()
out['seen_after_fetch'] = m.search(None, 'SEEN')[1][0].decode()
out['store'] = [x.decode() for x in m.store('1', '+FLAGS', '\\\\Seen')[1]]
out['uid_search'] = m.uid('SEARCH', None, 'ALL')[1][0].decode()
typ, data = m.uid('FETCH', '2', '(FLAGS)')
out['uid_fetch'] = data[0].decode()
out['logout'] = m.logout()[0]
print(json.dumps(out))
`;
        const r = await run('python3', ['-c', script, String(port)]);
        strict_1.default.equal(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        strict_1.default.equal(out.login, 'OK');
        strict_1.default.equal(out.exists, '2');
        strict_1.default.equal(out.unseen, '1 2');
        strict_1.default.equal(out.subject, '2');
        strict_1.default.equal(out.header, 'Subject: Python one\r\n\r\n');
        strict_1.default.match(String(out.size_line), /RFC822\.SIZE \d+/);
        strict_1.default.equal(out.text, 'Text two\r\n');
        strict_1.default.equal(out.seen_after_fetch, '2');
        strict_1.default.deepEqual(out.store, ['1 (FLAGS (\\Seen))']);
        strict_1.default.equal(out.uid_search, '1 2');
        strict_1.default.match(String(out.uid_fetch), /^2 \(UID 2 FLAGS \(\\Seen\)\)$/);
        strict_1.default.equal(out.logout, 'BYE');
    });
    (0, node_test_1.it)('serves curl: a message by UID and a custom UID SEARCH', async () => {
        const url = `imap://127.0.0.1:${port}/INBOX`;
        const got = await run('curl', ['-s', '--max-time', '10', `${url};UID=1`, '-u', `${CAROL}:${imap_helpers_1.PASSWORD}`]);
        strict_1.default.equal(got.status, 0, got.stderr);
        strict_1.default.match(got.stdout, /^From: Sender <sender@example\.test>\r\n/);
        strict_1.default.match(got.stdout, /Subject: Python one\r\n[\s\S]*\r\n\r\nText one\r\n$/);
        const search = await run('curl', [
            '-s',
            '--max-time',
            '10',
            url,
            '-u',
            `${CAROL}:${imap_helpers_1.PASSWORD}`,
            '-X',
            'UID SEARCH ALL',
        ]);
        strict_1.default.equal(search.status, 0, search.stderr);
        strict_1.default.equal(search.stdout.trim(), '* SEARCH 1 2');
    });
    (0, node_test_1.it)('upgrades with STARTTLS and then refuses a second STARTTLS', async () => {
        const s = await imap_helpers_1.RawImap.open(app);
        strict_1.default.match(await s.command('t1', 'STARTTLS'), /t1 OK /);
        s.socket.removeAllListeners('data');
        const secure = node_tls_1.default.connect({ socket: s.socket, rejectUnauthorized: false, servername: 'localhost' });
        await new Promise((resolve, reject) => {
            secure.once('secureConnect', resolve);
            secure.once('error', reject);
        });
        let said = '';
        const until = (re) => new Promise((resolve) => {
            const check = () => (re.test(said) ? resolve(said) : undefined);
            secure.on('data', (d) => {
                said += d.toString('latin1');
                check();
            });
            check();
        });
        secure.write('t2 CAPABILITY\r\n');
        const caps = await until(/t2 OK[^\r\n]*\r\n/);
        strict_1.default.doesNotMatch(caps, /STARTTLS/);
        secure.write(`t3 LOGIN ${CAROL} ${imap_helpers_1.PASSWORD}\r\n`);
        strict_1.default.match(await until(/t3 (OK|NO|BAD)[^\r\n]*\r\n/), /t3 OK/);
        secure.write('t4 STARTTLS\r\n');
        strict_1.default.match(await until(/t4 (OK|NO|BAD)[^\r\n]*\r\n/), /t4 BAD/);
        secure.destroy();
    });
});
//# sourceMappingURL=imap-clients.test.js.map