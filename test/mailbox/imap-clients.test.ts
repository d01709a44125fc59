import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { type TestApp, startTestApp } from '../support/app';
import { PASSWORD, RawImap, imapAddress } from './imap-helpers';
import { message, sendRaw } from './smtp-helpers';

const CAROL = 'carol@example.test';

/** Runs a program to completion without blocking the event loop (the server is in this process). */
function run(
  cmd: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('IMAP with Python imaplib, curl and node tls', { timeout: 60_000 }, () => {
  let app: TestApp;
  let port: number;

  before(async () => {
    app = await startTestApp();
    port = imapAddress(app).port;
    await sendRaw(
      app,
      { from: 'sender@example.test', to: [CAROL] },
      message(CAROL, 'Python one', 'Text one'),
    );
    await sendRaw(
      app,
      { from: 'sender@example.test', to: [CAROL] },
      message(CAROL, 'Python two', 'Text two'),
    );
  });
  after(() => app.destroy());

  it('serves Python imaplib: login, select, search, fetch, store, uid commands, logout', async () => {
    const script = `
import imaplib, json, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
out = {}
out['login'] = m.login('${CAROL.toUpperCase()}', '${PASSWORD}')[0]
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
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out.login, 'OK');
    assert.equal(out.exists, '2');
    assert.equal(out.unseen, '1 2');
    assert.equal(out.subject, '2');
    assert.equal(out.header, 'Subject: Python one\r\n\r\n');
    assert.match(String(out.size_line), /RFC822\.SIZE \d+/);
    assert.equal(out.text, 'Text two\r\n');
    assert.equal(out.seen_after_fetch, '2');
    // This session was the first to select the mailbox, so its messages are \Recent to it.
    assert.deepEqual(out.store, ['1 (FLAGS (\\Seen \\Recent))']);
    assert.equal(out.uid_search, '1 2');
    assert.match(String(out.uid_fetch), /^2 \(UID 2 FLAGS \(\\Seen \\Recent\)\)$/);
    assert.equal(out.logout, 'BYE');
  });

  it('serves curl: a message by UID and a custom UID SEARCH', async () => {
    const url = `imap://127.0.0.1:${port}/INBOX`;
    const got = await run('curl', ['-s', '--max-time', '10', `${url};UID=1`, '-u', `${CAROL}:${PASSWORD}`]);
    assert.equal(got.status, 0, got.stderr);
    assert.match(got.stdout, /^From: Sender <sender@example\.test>\r\n/);
    assert.match(got.stdout, /Subject: Python one\r\n[\s\S]*\r\n\r\nText one\r\n$/);
    const search = await run('curl', [
      '-s',
      '--max-time',
      '10',
      url,
      '-u',
      `${CAROL}:${PASSWORD}`,
      '-X',
      'UID SEARCH ALL',
    ]);
    assert.equal(search.status, 0, search.stderr);
    assert.equal(search.stdout.trim(), '* SEARCH 1 2');
  });

  it('upgrades with STARTTLS and then refuses a second STARTTLS', async () => {
    const s = await RawImap.open(app);
    assert.match(await s.command('t1', 'STARTTLS'), /t1 OK /);
    s.socket.removeAllListeners('data');
    const secure = tls.connect({ socket: s.socket, rejectUnauthorized: false, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    let said = '';
    const until = (re: RegExp) =>
      new Promise<string>((resolve) => {
        const check = () => (re.test(said) ? resolve(said) : undefined);
        secure.on('data', (d: Buffer) => {
          said += d.toString('latin1');
          check();
        });
        check();
      });
    secure.write('t2 CAPABILITY\r\n');
    const caps = await until(/t2 OK[^\r\n]*\r\n/);
    assert.doesNotMatch(caps, /STARTTLS/);
    secure.write(`t3 LOGIN ${CAROL} ${PASSWORD}\r\n`);
    assert.match(await until(/t3 (OK|NO|BAD)[^\r\n]*\r\n/), /t3 OK/);
    secure.write('t4 STARTTLS\r\n');
    assert.match(await until(/t4 (OK|NO|BAD)[^\r\n]*\r\n/), /t4 BAD/);
    secure.destroy();
  });
});
