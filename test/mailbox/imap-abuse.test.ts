import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../support/app';
import { PASSWORD, RawImap } from './imap-helpers';
import { message, sendRaw } from './smtp-helpers';

const DAVE = 'dave@example.test';

describe('IMAP under abuse', { timeout: 60_000 }, () => {
  let app: TestApp;

  before(async () => {
    // A 1-second idle timeout so the half-open test does not wait 30 minutes.
    app = await startTestApp({ MAILBOX_IMAP_TIMEOUT: '1' });
    await sendRaw(app, { from: 'sender@example.test', to: [DAVE] }, message(DAVE, 'Still here', 'ok'));
  });
  after(() => app.destroy());

  /** After every abuse, a well-behaved client still logs in and reads its mail. */
  afterEach(async () => {
    const s = await RawImap.open(app);
    assert.match(await s.command('g1', `LOGIN ${DAVE} ${PASSWORD}`), /g1 OK/);
    assert.match(await s.command('g2', 'SELECT INBOX'), /\* 1 EXISTS/);
    assert.match(await s.command('g3', 'FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]'), /Subject: Still here/);
    s.destroy();
  });

  it('answers an over-long line with BAD and keeps the connection usable', async () => {
    const s = await RawImap.open(app);
    const from = s.length;
    s.write(`x1 LOGIN ${'a'.repeat(200 * 1024)} pw\r\n`);
    assert.match(await s.until(/BAD[^\r\n]*line too long[^\r\n]*\r\n/, from), /x1 BAD/);
    assert.match(await s.command('x2', 'NOOP'), /x2 OK/);
    s.destroy();
  });

  it('refuses a literal announcing 1 GB before reading any of it', async () => {
    const s = await RawImap.open(app);
    const from = s.length;
    s.write('y1 LOGIN {1073741824}\r\n');
    const said = await s.until(/y1 (OK|NO|BAD)[^\r\n]*\r\n/, from);
    assert.match(said, /y1 BAD [^\r\n]*literal too big/);
    assert.doesNotMatch(said, /^\+ /m);
    assert.match(await s.command('y2', 'NOOP'), /y2 OK/);
    // A non-synchronizing one cannot be skipped safely: BAD, then the connection is closed.
    s.write('y3 LOGIN {1073741824+}\r\n');
    assert.match(await s.until(/y3 BAD[^\r\n]*\r\n/), /literal too big/);
    await s.until(/$^/);
    assert.equal(s.closed, true);
  });

  it('survives garbage bytes and answers BAD', async () => {
    const s = await RawImap.open(app);
    const from = s.length;
    s.write(Buffer.concat([randomBytes(4096), Buffer.from('\r\n)(("\\\r\n{x}\r\n* * *\r\n\0\0\0\r\n')]));
    assert.match(await s.command('z1', 'NOOP'), /z1 OK/);
    assert.match(s.text.slice(from), /BAD/);
    s.destroy();
  });

  it('answers a flood of pipelined commands in order', async () => {
    const s = await RawImap.open(app);
    await s.command('f0', `LOGIN ${DAVE} ${PASSWORD}`);
    const from = s.length;
    s.write(Array.from({ length: 2000 }, (_, i) => `f${i + 1} NOOP\r\n`).join(''));
    const said = await s.until(/f2000 OK[^\r\n]*\r\n/, from);
    assert.equal(said.match(/^f\d+ OK/gm)?.length, 2000);
    s.destroy();
  });

  it('drops a half-open connection after the idle timeout', async () => {
    const s = await RawImap.open(app);
    s.write('h1 LOGIN {5}\r\n'); // announces a literal and never sends it
    await s.until(/$^/);
    assert.equal(s.closed, true);
    assert.match(s.text, /\* BYE Autologout/);
  });
});
