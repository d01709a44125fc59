import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { Pop3Wire, pop3Address, unstuff } from './pop3-client';
import { message, sendRaw } from './smtp-helpers';

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
function run(
  cmd: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(new Error(err.message));
      resolve({ status: child.exitCode, stdout, stderr });
    });
  });
}

describe('dev mailbox: POP3 with real clients', () => {
  let app: TestApp;
  let mailbox: MailboxClient;
  let address: { host: string; port: number };
  before(async () => {
    app = await startTestApp();
    mailbox = new MailboxClient(app.url);
    address = pop3Address(app);
  });
  after(async () => {
    await app.destroy();
  });

  async function deliver(to: string, subject: string, text = 'hello'): Promise<number> {
    assert.match(
      await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, subject, text)),
      /^250 /,
    );
    const [latest] = await mailbox.list({ to, limit: 1 });
    return latest.id;
  }

  async function login(user: string): Promise<Pop3Wire> {
    const wire = await Pop3Wire.connect(address);
    assert.match(await wire.command(`USER ${user}`), /^\+OK/);
    assert.match(await wire.command(`PASS ${PASSWORD}`), /^\+OK/);
    return wire;
  }

  it("python's poplib: stat, list, uidl, top, retr, dele, quit; the next session sees the deletion", async () => {
    const to = 'poplib@example.test';
    const first = await deliver(to, 'first', 'line one\r\nline two\r\nline three');
    const second = await deliver(to, 'second', 'body of the second');
    const raws = [await mailbox.raw(first), await mailbox.raw(second)];
    const r = await run('python3', ['-c', POPLIB_SESSION, address.host, String(address.port), to, PASSWORD]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, string[]> & {
      stat: number[];
      stat_after: number[];
      dele: string;
      quit: string;
    };
    assert.ok(
      ['TOP', 'UIDL', 'USER', 'STLS', 'RESP-CODES'].every((c) => out.capa.includes(c)),
      out.capa.join(' '),
    );
    assert.deepEqual(out.stat, [2, raws[0].length + raws[1].length]);
    assert.deepEqual(out.list, [`1 ${raws[0].length}`, `2 ${raws[1].length}`]);
    assert.equal(out.uidl.length, 2);
    assert.match(out.uidl[0], new RegExp(`^1 \\d+\\.${first}$`));
    assert.match(out.uidl[1], new RegExp(`^2 \\d+\\.${second}$`));
    // TOP 1 1: the whole header, the blank line, and exactly one body line.
    const header = raws[0].toString('latin1').split('\r\n\r\n')[0].split('\r\n');
    assert.deepEqual(out.top, [...header, '', 'line one']);
    assert.equal(out.retr.join('\r\n') + '\r\n', raws[1].toString('latin1'));
    assert.match(out.dele, /^\+OK/);
    assert.match(out.quit, /^\+OK/);
    assert.deepEqual(out.stat_after, [1, raws[1].length]);
    assert.deepEqual(out.uidl_after, [out.uidl[1].replace(/^2 /, '1 ')]);
    // Expunged from this recipient's mailbox only through QUIT, and the REST API agrees.
    assert.deepEqual(
      (await mailbox.list({ to })).map((m) => m.id),
      [second],
    );
  });

  it('curl pop3:// lists and retrieves a message', async () => {
    const to = 'curl@example.test';
    const id = await deliver(to, 'for curl', 'fetched with curl');
    const raw = await mailbox.raw(id);
    const url = `pop3://${address.host}:${address.port}`;
    const list = await run('curl', ['-sS', '--max-time', '20', `${url}/`, '-u', `${to}:${PASSWORD}`]);
    assert.equal(list.status, 0, list.stderr);
    assert.equal(list.stdout, `1 ${raw.length}\r\n`);
    const retr = await run('curl', ['-sS', '--max-time', '20', `${url}/1`, '-u', `${to}:${PASSWORD}`]);
    assert.equal(retr.status, 0, retr.stderr);
    assert.equal(retr.stdout, raw.toString('utf8'));
    const wrong = await run('curl', ['-sS', '--max-time', '20', `${url}/1`, '-u', `${to}:nope`]);
    assert.equal(wrong.status, 67, 'curl reports a failed login (67)');
  });

  it('STLS upgrades the connection to TLS with the generated certificate', async () => {
    const to = 'tls@example.test';
    const id = await deliver(to, 'over tls');
    const wire = await Pop3Wire.connect(address);
    try {
      wire.write('CAPA\r\n');
      assert.match(await wire.line(), /^\+OK/);
      assert.match((await wire.multiline()).toString(), /\r\nSTLS\r\n/);
      assert.match(await wire.command('STLS'), /^\+OK/);
      const secure = await wire.upgrade();
      assert.equal(secure.authorized, false, 'self-signed');
      assert.match(String(secure.getPeerCertificate().subject.CN), /mailgate/);
      wire.write('CAPA\r\n');
      assert.match(await wire.line(), /^\+OK/);
      assert.doesNotMatch((await wire.multiline()).toString(), /STLS/);
      assert.match(await wire.command('STLS'), /^-ERR/);
      assert.match(await wire.command(`USER ${to}`), /^\+OK/);
      assert.match(await wire.command(`PASS ${PASSWORD}`), /^\+OK 1 messages/);
      assert.match(await wire.command('RETR 1'), /^\+OK/);
      assert.equal(unstuff(await wire.multiline()), (await mailbox.raw(id)).toString('latin1'));
      assert.match(await wire.command('QUIT'), /^\+OK/);
    } finally {
      wire.destroy();
    }
    // Made once into DATA_DIR/mailbox/tls; the private key is readable by the owner only.
    const key = statSync(path.join(app.dataDir, 'mailbox', 'tls', 'key.pem'));
    assert.equal(key.mode & 0o077, 0);
  });

  it('a wrong password is -ERR [AUTH]; the session may try again', async () => {
    const wire = await Pop3Wire.connect(address);
    try {
      assert.match(await wire.command('USER someone@example.test'), /^\+OK/);
      assert.match(await wire.command('PASS wrong'), /^-ERR \[AUTH\]/);
      assert.match(await wire.command('STAT'), /^-ERR/);
      assert.match(await wire.command('PASS mailgate'), /^-ERR/, 'USER must come again');
      assert.match(await wire.command('USER someone@example.test'), /^\+OK/);
      assert.match(await wire.command(`PASS ${PASSWORD}`), /^\+OK 0 messages/);
    } finally {
      wire.destroy();
    }
  });

  it('a second session on the same mailbox gets -ERR [IN-USE] until the first ends', async () => {
    const to = 'locked@example.test';
    const first = await login(to);
    const second = await Pop3Wire.connect(address);
    try {
      assert.match(await second.command(`USER ${to.toUpperCase()}`), /^\+OK/);
      assert.match(await second.command(`PASS ${PASSWORD}`), /^-ERR \[IN-USE\]/);
      assert.match(await first.command('QUIT'), /^\+OK/);
      assert.match(await second.command(`USER ${to}`), /^\+OK/);
      assert.match(await second.command(`PASS ${PASSWORD}`), /^\+OK/);
    } finally {
      first.destroy();
      second.destroy();
    }
    // A connection that drops without QUIT releases the lock too (and deletes nothing).
    const dropped = await login(to);
    dropped.destroy();
    await dropped.closedByServer();
    let again: Pop3Wire | undefined;
    for (let i = 0; i < 50 && !again; i++) {
      const wire = await Pop3Wire.connect(address);
      await wire.command(`USER ${to}`);
      if ((await wire.command(`PASS ${PASSWORD}`)).startsWith('+OK')) again = wire;
      else wire.destroy();
    }
    assert.ok(again, 'the lock of a dropped connection is released');
    again.destroy();
  });

  it('byte-stuffing round-trips lines "." and ".." and bare LF comes out as CRLF', async () => {
    const to = 'dots@example.test';
    const body = ['.', '..', '.leading dot', 'middle', '...', 'end'].join('\n');
    const raw = `From: a@example.test\nTo: ${to}\nSubject: dots\n\n${body}\n`;
    assert.match(await sendRaw(app, { from: 'a@example.test', to: [to] }, raw), /^250 /);
    const [stored] = await mailbox.list({ to });
    const storedRaw = (await mailbox.raw(stored.id)).toString('latin1');
    const wire = await login(to);
    try {
      assert.match(await wire.command('RETR 1'), /^\+OK/);
      const onWire = await wire.multiline();
      assert.match(onWire.toString('latin1'), /\r\n\.\.\r\n\.\.\.\r\n\.\.leading dot\r\n/);
      assert.doesNotMatch(onWire.toString('latin1'), /[^\r]\n/, 'every line ends in CRLF');
      assert.equal(unstuff(onWire), storedRaw.replace(/\r?\n/g, '\r\n'));
      assert.equal(unstuff(onWire).split('\r\n').slice(4, 10).join('\n'), body);
      assert.match(await wire.command('TOP 1 2'), /^\+OK/);
      assert.match(unstuff(await wire.multiline()), /\r\n\r\n\.\r\n\.\.\r\n$/);
    } finally {
      wire.destroy();
    }
  });

  it('rejects bad arguments and keeps the snapshot numbering; RSET undeletes', async () => {
    const to = 'numbers@example.test';
    await deliver(to, 'one');
    await deliver(to, 'two');
    const wire = await login(to);
    try {
      assert.match(await wire.command('RETR 0'), /^-ERR/);
      assert.match(await wire.command('RETR 3'), /^-ERR/);
      assert.match(await wire.command('TOP 1'), /^-ERR/);
      assert.match(await wire.command('TOP 1 -1'), /^-ERR/);
      assert.match(await wire.command('LIST x'), /^-ERR/);
      assert.match(await wire.command('DELE 1'), /^\+OK/);
      assert.match(await wire.command('DELE 1'), /^-ERR .*already deleted/);
      assert.match(await wire.command('RETR 1'), /^-ERR/);
      assert.match(await wire.command('LIST 2'), /^\+OK 2 \d+$/);
      // Mail arriving during the session is not in its snapshot.
      await deliver(to, 'three');
      assert.match(await wire.command('STAT'), /^\+OK 1 \d+$/);
      assert.match(await wire.command('RSET'), /^\+OK/);
      assert.match(await wire.command('STAT'), /^\+OK 2 \d+$/);
      assert.match(await wire.command('NOOP'), /^\+OK/);
      assert.match(await wire.command('QUIT'), /^\+OK/);
    } finally {
      wire.destroy();
    }
    assert.equal((await mailbox.list({ to })).length, 3, 'RSET left everything in place');
  });

  it('garbage, over-long lines, command floods and half-open connections do not hurt', async () => {
    const garbage = await Pop3Wire.connect(address);
    const noise = Buffer.alloc(8 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 256 || 1;
    garbage.write(noise);
    await garbage.closedByServer();
    assert.match(garbage.pending, /-ERR/);

    const long = await Pop3Wire.connect(address);
    long.write(`USER ${'x'.repeat(600)}\r\n`);
    await long.closedByServer();
    assert.match(long.pending, /^-ERR line too long/);

    const flood = await Pop3Wire.connect(address);
    flood.write('BOGUS\r\n'.repeat(1000));
    await flood.closedByServer();
    assert.match(flood.pending, /-ERR too many bad commands\r\n$/);
    assert.ok(flood.pending.split('\r\n').length < 20, 'stopped reading after the limit');

    const half = await Pop3Wire.connect(address);
    half.write('USER half@example.test\r\n');
    half.socket.end();
    await half.closedByServer();

    const idle = await Pop3Wire.connect(address);
    try {
      const to = 'after-abuse@example.test';
      await deliver(to, 'still here');
      const wire = await login(to);
      assert.match(await wire.command('STAT'), /^\+OK 1 /);
      assert.match(await wire.command('QUIT'), /^\+OK/);
      wire.destroy();
    } finally {
      idle.destroy();
    }
  });
});
