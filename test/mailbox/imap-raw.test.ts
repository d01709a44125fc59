import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../support/app';
import { RawImap } from './imap-helpers';
import { message, sendRaw } from './smtp-helpers';

const ALICE = 'alice@example.test';

describe('IMAP over a raw socket (literals both ways, state machine)', { timeout: 30_000 }, () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
    await sendRaw(app, { from: 'sender@example.test', to: [ALICE] }, message(ALICE, 'First one', 'Body one'));
  });
  after(() => app.destroy());

  it('logs in with a synchronizing literal password and answers a body as a literal', async () => {
    const s = await RawImap.open(app);
    assert.match(s.text, /^\* OK \[CAPABILITY IMAP4rev1 [^\]]*IDLE[^\]]*AUTH=PLAIN[^\]]*STARTTLS[^\]]*\]/);
    const from = s.length;
    s.write('a1 LOGIN ALICE@example.test {8}\r\n');
    await s.until(/^\+ [^\r\n]*\r\n/, from);
    s.write('mailgate\r\n');
    assert.match(await s.until(/a1 (OK|NO|BAD)[^\r\n]*\r\n/, from), /a1 OK /);
    const select = await s.command('a2', 'SELECT inbox');
    assert.match(select, /\* 1 EXISTS\r\n/);
    assert.match(select, /\* OK \[UIDVALIDITY \d+\]/);
    assert.match(select, /\* OK \[UIDNEXT 2\]/);
    assert.match(select, /a2 OK \[READ-WRITE\]/);
    const fetch = await s.command('a3', 'FETCH 1 (UID BODY.PEEK[TEXT])');
    assert.match(fetch, /^\* 1 FETCH \(UID 1 BODY\[TEXT\] \{10\}\r\nBody one\r\n\)\r\na3 OK/);
    s.destroy();
  });

  it('takes a non-synchronizing literal (LITERAL+) without a continuation', async () => {
    const s = await RawImap.open(app);
    const from = s.length;
    s.write('b1 LOGIN {18+}\r\nalice@example.test {8+}\r\nmailgate\r\n');
    const out = await s.until(/b1 (OK|NO|BAD)[^\r\n]*\r\n/, from);
    assert.doesNotMatch(out, /^\+ /m);
    assert.match(out, /b1 OK /);
    s.destroy();
  });

  it('refuses a wrong password, commands in the wrong state, and unknown commands', async () => {
    const s = await RawImap.open(app);
    assert.match(await s.command('c1', 'LOGIN alice@example.test wrong'), /c1 NO \[AUTHENTICATIONFAILED\]/);
    assert.match(await s.command('c2', 'SELECT INBOX'), /c2 BAD /);
    assert.match(await s.command('c3', 'FROBNICATE'), /c3 BAD /);
    assert.match(
      await s.command(
        'c4',
        'AUTHENTICATE PLAIN ' + Buffer.from('\0alice@example.test\0mailgate').toString('base64'),
      ),
      /c4 OK /,
    );
    assert.match(await s.command('c5', 'FETCH 1 FLAGS'), /c5 BAD /);
    assert.match(await s.command('c6', 'LIST "" "*"'), /\* LIST \(\\HasNoChildren\) "\/" "INBOX"\r\nc6 OK/);
    assert.match(
      await s.command('c7', 'STATUS INBOX (MESSAGES UNSEEN UIDNEXT)'),
      /\* STATUS "INBOX" \(MESSAGES 1 UNSEEN 1 UIDNEXT 2\)/,
    );
    assert.match(await s.command('c8', 'LOGOUT'), /\* BYE [^\r\n]*\r\nc8 OK/);
    await s.until(/$^/);
    assert.equal(s.closed, true);
  });

  it('sets \\Seen on a non-PEEK body fetch but not on EXAMINE', async () => {
    const s = await RawImap.open(app);
    await s.command('d1', 'LOGIN alice@example.test mailgate');
    await s.command('d2', 'EXAMINE INBOX');
    assert.doesNotMatch(await s.command('d3', 'FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]'), /\\Seen/);
    await s.command('d4', 'SELECT INBOX');
    const fetch = await s.command('d5', 'FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]');
    assert.match(fetch, /BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{22\}\r\nSubject: First one\r\n\r\n/);
    assert.match(fetch, /FLAGS \(\\Seen\)/);
    assert.match(await s.command('d6', 'STORE 1 -FLAGS (\\Seen)'), /\* 1 FETCH \(FLAGS \(\)\)/);
    s.destroy();
  });

  it("reports another session's EXPUNGE and new mail at NOOP, not before", async () => {
    const EVE = 'eve@example.test';
    for (const subject of ['e1', 'e2', 'e3'])
      await sendRaw(app, { from: 'sender@example.test', to: [EVE] }, message(EVE, subject));
    const a = await RawImap.open(app);
    const b = await RawImap.open(app);
    for (const s of [a, b]) {
      await s.command('l', `LOGIN ${EVE} mailgate`);
      assert.match(await s.command('s', 'SELECT INBOX'), /\* 3 EXISTS/);
    }
    assert.match(await a.command('a1', 'STORE 2 +FLAGS.SILENT (\\Deleted)'), /^a1 OK/);
    assert.match(await a.command('a2', 'EXPUNGE'), /^\* 2 EXPUNGE\r\na2 OK/);
    // b still numbers the old way until it asks: message 3 is still its third.
    assert.match(await b.command('b1', 'FETCH 3 (UID)'), /\* 3 FETCH \(UID \d+\)/);
    await sendRaw(app, { from: 'sender@example.test', to: [EVE] }, message(EVE, 'e4'));
    // The new message is \Recent to b: it is the first session to hear of it.
    assert.match(await b.command('b2', 'NOOP'), /^\* 2 EXPUNGE\r\n\* 3 EXISTS\r\n\* 1 RECENT\r\nb2 OK/);
    assert.match(await a.command('a3', 'UID SEARCH ALL'), /\* SEARCH \d+ \d+\r\n/);
    a.destroy();
    b.destroy();
  });
});
