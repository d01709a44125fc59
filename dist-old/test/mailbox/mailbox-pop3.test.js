"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const pop3_client_1 = require("./pop3-client");
const smtp_helpers_1 = require("./smtp-helpers");
const PASSWORD = 'mailgate';
/** poplib, the POP3 client in Python's standard library, as a real client in its own process. */
const POPLIB_SESSION = `
import json, poplib, sys
host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
out = {}
p = poplib.POP3(host, port, timeout=10)
out["capa"] = sorted(p.capa().keys())
p.user(user)
p.pass_(password)
out["stat"] = list(p.stat())
out["list"] = [l.decode() for l in p.list()[1]]
out["uidl"] = [l.decode() for l in p.uidl()[1]]
out["top"] = [l.decode("latin1") for l in p.top(1, 1)[1]]
out["retr"] = [l.decode("latin1") for l in p.retr(2)[1]]
out["dele"] = p.dele(1).decode()
out["quit"] = p.quit().decode()
p = poplib.POP3(host, port, timeout=10)
p.user(user.upper())
p.pass_(password)
out["stat_after"] = list(p.stat())
out["uidl_after"] = [l.decode() for l in p.uidl()[1]]
p.quit()
print(json.dumps(out))
`;
/**
 * Runs a client in its own process. Asynchronously: the server under test lives in this process,
 * so spawnSync would block the very event loop that has to answer the client.
 */
function run(cmd, args) {
    return new Promise((resolve, reject) => {
        const child = (0, node_child_process_1.execFile)(cmd, args, { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
            if (err && typeof err.code !== 'number')
                return reject(new Error(err.message));
            resolve({ status: child.exitCode, stdout, stderr });
        });
    });
}
(0, node_test_1.describe)('dev mailbox: POP3 with real clients', () => {
    let app;
    let mailbox;
    let address;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        mailbox = new mailbox_client_1.MailboxClient(app.url);
        address = (0, pop3_client_1.pop3Address)(app);
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    async function deliver(to, subject, text = 'hello') {
        strict_1.default.match(await (0, smtp_helpers_1.sendRaw)(app, { from: 's@example.test', to: [to] }, (0, smtp_helpers_1.message)(to, subject, text)), /^250 /);
        const [latest] = await mailbox.list({ to, limit: 1 });
        return latest.id;
    }
    async function login(user) {
        const wire = await pop3_client_1.Pop3Wire.connect(address);
        strict_1.default.match(await wire.command(`USER ${user}`), /^\+OK/);
        strict_1.default.match(await wire.command(`PASS ${PASSWORD}`), /^\+OK/);
        return wire;
    }
    (0, node_test_1.it)("python's poplib: stat, list, uidl, top, retr, dele, quit; the next session sees the deletion", async () => {
        const to = 'poplib@example.test';
        const first = await deliver(to, 'first', 'line one\r\nline two\r\nline three');
        const second = await deliver(to, 'second', 'body of the second');
        const raws = [await mailbox.raw(first), await mailbox.raw(second)];
        const r = await run('python3', ['-c', POPLIB_SESSION, address.host, String(address.port), to, PASSWORD]);
        strict_1.default.equal(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        strict_1.default.ok(['TOP', 'UIDL', 'USER', 'STLS', 'RESP-CODES'].every((c) => out.capa.includes(c)), out.capa.join(' '));
        strict_1.default.deepEqual(out.stat, [2, raws[0].length + raws[1].length]);
        strict_1.default.deepEqual(out.list, [`1 ${raws[0].length}`, `2 ${raws[1].length}`]);
        strict_1.default.equal(out.uidl.length, 2);
        strict_1.default.match(out.uidl[0], new RegExp(`^1 \\d+\\.${first}$`));
        strict_1.default.match(out.uidl[1], new RegExp(`^2 \\d+\\.${second}$`));
        // TOP 1 1: the whole header, the blank line, and exactly one body line.
        const header = raws[0].toString('latin1').split('\r\n\r\n')[0].split('\r\n');
        strict_1.default.deepEqual(out.top, [...header, '', 'line one']);
        strict_1.default.equal(out.retr.join('\r\n') + '\r\n', raws[1].toString('latin1'));
        strict_1.default.match(out.dele, /^\+OK/);
        strict_1.default.match(out.quit, /^\+OK/);
        strict_1.default.deepEqual(out.stat_after, [1, raws[1].length]);
        strict_1.default.deepEqual(out.uidl_after, [out.uidl[1].replace(/^2 /, '1 ')]);
        // Expunged from this recipient's mailbox only through QUIT, and the REST API agrees.
        strict_1.default.deepEqual((await mailbox.list({ to })).map((m) => m.id), [second]);
    });
    (0, node_test_1.it)('curl pop3:// lists and retrieves a message', async () => {
        const to = 'curl@example.test';
        const id = await deliver(to, 'for curl', 'fetched with curl');
        const raw = await mailbox.raw(id);
        const url = `pop3://${address.host}:${address.port}`;
        const list = await run('curl', ['-sS', '--max-time', '20', `${url}/`, '-u', `${to}:${PASSWORD}`]);
        strict_1.default.equal(list.status, 0, list.stderr);
        strict_1.default.equal(list.stdout, `1 ${raw.length}\r\n`);
        const retr = await run('curl', ['-sS', '--max-time', '20', `${url}/1`, '-u', `${to}:${PASSWORD}`]);
        strict_1.default.equal(retr.status, 0, retr.stderr);
        strict_1.default.equal(retr.stdout, raw.toString('utf8'));
        const wrong = await run('curl', ['-sS', '--max-time', '20', `${url}/1`, '-u', `${to}:nope`]);
        strict_1.default.equal(wrong.status, 67, 'curl reports a failed login (67)');
    });
    (0, node_test_1.it)('STLS upgrades the connection to TLS with the generated certificate', async () => {
        const to = 'tls@example.test';
        const id = await deliver(to, 'over tls');
        const wire = await pop3_client_1.Pop3Wire.connect(address);
        try {
            wire.write('CAPA\r\n');
            strict_1.default.match(await wire.line(), /^\+OK/);
            strict_1.default.match((await wire.multiline()).toString(), /\r\nSTLS\r\n/);
            strict_1.default.match(await wire.command('STLS'), /^\+OK/);
            const secure = await wire.upgrade();
            strict_1.default.equal(secure.authorized, false, 'self-signed');
            strict_1.default.match(String(secure.getPeerCertificate().subject.CN), /mailgate/);
            wire.write('CAPA\r\n');
            strict_1.default.match(await wire.line(), /^\+OK/);
            strict_1.default.doesNotMatch((await wire.multiline()).toString(), /STLS/);
            strict_1.default.match(await wire.command('STLS'), /^-ERR/);
            strict_1.default.match(await wire.command(`USER ${to}`), /^\+OK/);
            strict_1.default.match(await wire.command(`PASS ${PASSWORD}`), /^\+OK 1 messages/);
            strict_1.default.match(await wire.command('RETR 1'), /^\+OK/);
            strict_1.default.equal((0, pop3_client_1.unstuff)(await wire.multiline()), (await mailbox.raw(id)).toString('latin1'));
            strict_1.default.match(await wire.command('QUIT'), /^\+OK/);
        }
        finally {
            wire.destroy();
        }
        // Made once into DATA_DIR/mailbox/tls; the private key is readable by the owner only.
        const key = (0, node_fs_1.statSync)(node_path_1.default.join(app.dataDir, 'mailbox', 'tls', 'key.pem'));
        strict_1.default.equal(key.mode & 0o077, 0);
    });
    (0, node_test_1.it)('a wrong password is -ERR [AUTH]; the session may try again', async () => {
        const wire = await pop3_client_1.Pop3Wire.connect(address);
        try {
            strict_1.default.match(await wire.command('USER someone@example.test'), /^\+OK/);
            strict_1.default.match(await wire.command('PASS wrong'), /^-ERR \[AUTH\]/);
            strict_1.default.match(await wire.command('STAT'), /^-ERR/);
            strict_1.default.match(await wire.command('PASS mailgate'), /^-ERR/, 'USER must come again');
            strict_1.default.match(await wire.command('USER someone@example.test'), /^\+OK/);
            strict_1.default.match(await wire.command(`PASS ${PASSWORD}`), /^\+OK 0 messages/);
        }
        finally {
            wire.destroy();
        }
    });
    (0, node_test_1.it)('a second session on the same mailbox gets -ERR [IN-USE] until the first ends', async () => {
        const to = 'locked@example.test';
        const first = await login(to);
        const second = await pop3_client_1.Pop3Wire.connect(address);
        try {
            strict_1.default.match(await second.command(`USER ${to.toUpperCase()}`), /^\+OK/);
            strict_1.default.match(await second.command(`PASS ${PASSWORD}`), /^-ERR \[IN-USE\]/);
            strict_1.default.match(await first.command('QUIT'), /^\+OK/);
            strict_1.default.match(await second.command(`USER ${to}`), /^\+OK/);
            strict_1.default.match(await second.command(`PASS ${PASSWORD}`), /^\+OK/);
        }
        finally {
            first.destroy();
            second.destroy();
        }
        // A connection that drops without QUIT releases the lock too (and deletes nothing).
        const dropped = await login(to);
        dropped.destroy();
        await dropped.closedByServer();
        let again;
        for (let i = 0; i < 50 && !again; i++) {
            const wire = await pop3_client_1.Pop3Wire.connect(address);
            await wire.command(`USER ${to}`);
            if ((await wire.command(`PASS ${PASSWORD}`)).startsWith('+OK'))
                again = wire;
            else
                wire.destroy();
        }
        strict_1.default.ok(again, 'the lock of a dropped connection is released');
        again.destroy();
    });
    (0, node_test_1.it)('byte-stuffing round-trips lines "." and ".." and bare LF comes out as CRLF', async () => {
        const to = 'dots@example.test';
        const body = ['.', '..', '.leading dot', 'middle', '...', 'end'].join('\n');
        const raw = `From: a@example.test\nTo: ${to}\nSubject: dots\n\n${body}\n`;
        strict_1.default.match(await (0, smtp_helpers_1.sendRaw)(app, { from: 'a@example.test', to: [to] }, raw), /^250 /);
        const [stored] = await mailbox.list({ to });
        const storedRaw = (await mailbox.raw(stored.id)).toString('latin1');
        const wire = await login(to);
        try {
            strict_1.default.match(await wire.command('RETR 1'), /^\+OK/);
            const onWire = await wire.multiline();
            strict_1.default.match(onWire.toString('latin1'), /\r\n\.\.\r\n\.\.\.\r\n\.\.leading dot\r\n/);
            strict_1.default.doesNotMatch(onWire.toString('latin1'), /[^\r]\n/, 'every line ends in CRLF');
            strict_1.default.equal((0, pop3_client_1.unstuff)(onWire), storedRaw.replace(/\r?\n/g, '\r\n'));
            strict_1.default.equal((0, pop3_client_1.unstuff)(onWire).split('\r\n').slice(4, 10).join('\n'), body);
            strict_1.default.match(await wire.command('TOP 1 2'), /^\+OK/);
            strict_1.default.match((0, pop3_client_1.unstuff)(await wire.multiline()), /\r\n\r\n\.\r\n\.\.\r\n$/);
        }
        finally {
            wire.destroy();
        }
    });
    (0, node_test_1.it)('rejects bad arguments and keeps the snapshot numbering; RSET undeletes', async () => {
        const to = 'numbers@example.test';
        await deliver(to, 'one');
        await deliver(to, 'two');
        const wire = await login(to);
        try {
            strict_1.default.match(await wire.command('RETR 0'), /^-ERR/);
            strict_1.default.match(await wire.command('RETR 3'), /^-ERR/);
            strict_1.default.match(await wire.command('TOP 1'), /^-ERR/);
            strict_1.default.match(await wire.command('TOP 1 -1'), /^-ERR/);
            strict_1.default.match(await wire.command('LIST x'), /^-ERR/);
            strict_1.default.match(await wire.command('DELE 1'), /^\+OK/);
            strict_1.default.match(await wire.command('DELE 1'), /^-ERR .*already deleted/);
            strict_1.default.match(await wire.command('RETR 1'), /^-ERR/);
            strict_1.default.match(await wire.command('LIST 2'), /^\+OK 2 \d+$/);
            // Mail arriving during the session is not in its snapshot.
            await deliver(to, 'three');
            strict_1.default.match(await wire.command('STAT'), /^\+OK 1 \d+$/);
            strict_1.default.match(await wire.command('RSET'), /^\+OK/);
            strict_1.default.match(await wire.command('STAT'), /^\+OK 2 \d+$/);
            strict_1.default.match(await wire.command('NOOP'), /^\+OK/);
            strict_1.default.match(await wire.command('QUIT'), /^\+OK/);
        }
        finally {
            wire.destroy();
        }
        strict_1.default.equal((await mailbox.list({ to })).length, 3, 'RSET left everything in place');
    });
    (0, node_test_1.it)('garbage, over-long lines, command floods and half-open connections do not hurt', async () => {
        const garbage = await pop3_client_1.Pop3Wire.connect(address);
        const noise = Buffer.alloc(8 * 1024);
        for (let i = 0; i < noise.length; i++)
            noise[i] = (i * 7919) % 256 || 1;
        garbage.write(noise);
        await garbage.closedByServer();
        strict_1.default.match(garbage.pending, /-ERR/);
        const long = await pop3_client_1.Pop3Wire.connect(address);
        long.write(`USER ${'x'.repeat(600)}\r\n`);
        await long.closedByServer();
        strict_1.default.match(long.pending, /^-ERR line too long/);
        const flood = await pop3_client_1.Pop3Wire.connect(address);
        flood.write('BOGUS\r\n'.repeat(1000));
        await flood.closedByServer();
        strict_1.default.match(flood.pending, /-ERR too many bad commands\r\n$/);
        strict_1.default.ok(flood.pending.split('\r\n').length < 20, 'stopped reading after the limit');
        const half = await pop3_client_1.Pop3Wire.connect(address);
        half.write('USER half@example.test\r\n');
        half.socket.end();
        await half.closedByServer();
        const idle = await pop3_client_1.Pop3Wire.connect(address);
        try {
            const to = 'after-abuse@example.test';
            await deliver(to, 'still here');
            const wire = await login(to);
            strict_1.default.match(await wire.command('STAT'), /^\+OK 1 /);
            strict_1.default.match(await wire.command('QUIT'), /^\+OK/);
            wire.destroy();
        }
        finally {
            idle.destroy();
        }
    });
});
//# sourceMappingURL=mailbox-pop3.test.js.map