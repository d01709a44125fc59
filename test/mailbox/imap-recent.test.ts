import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp, tempDataDir } from '../support/app';
import { RawImap } from './imap-helpers';
import { message, sendRaw } from './smtp-helpers';

const BOB = 'bob@example.test';

async function session(app: TestApp): Promise<RawImap> {
  const s = await RawImap.open(app);
  assert.match(await s.command('l', `LOGIN ${BOB} mailgate`), /l OK /);
  return s;
}

function deliver(app: TestApp, subject: string): Promise<unknown> {
  return sendRaw(app, { from: 'sender@example.test', to: [BOB] }, message(BOB, subject, 'text'));
}

/** RFC 3501 §2.3.2: a message is \Recent in exactly one session, the first to SELECT after it arrived. */
describe('IMAP \\Recent', { timeout: 30_000 }, () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
    await deliver(app, 'one');
    await deliver(app, 'two');
  });
  after(() => app.destroy());

  it('is counted by STATUS and EXAMINE without being claimed, then claimed by the first SELECT only', async () => {
    const look = await session(app);
    assert.match(
      await look.command('s1', 'STATUS INBOX (MESSAGES RECENT)'),
      /\* STATUS "INBOX" \(MESSAGES 2 RECENT 2\)/,
    );
    const examine = await look.command('e1', 'EXAMINE INBOX');
    assert.match(examine, /\* 2 EXISTS\r\n\* 2 RECENT\r\n/);
    assert.match(
      await look.command('f1', 'FETCH 1:* FLAGS'),
      /\* 1 FETCH \(FLAGS \(\\Recent\)\)\r\n\* 2 FETCH \(FLAGS \(\\Recent\)\)/,
    );
    look.destroy();

    const first = await session(app);
    assert.match(await first.command('a1', 'SELECT INBOX'), /\* 2 RECENT\r\n/);
    assert.match(await first.command('a2', 'SEARCH RECENT'), /\* SEARCH 1 2\r\n/);
    assert.match(await first.command('a3', 'SEARCH NEW'), /\* SEARCH 1 2\r\n/);
    assert.match(await first.command('a4', 'FETCH 2 (FLAGS BODY[TEXT])'), /FLAGS \(\\Seen \\Recent\)/);
    assert.match(await first.command('a5', 'SEARCH NEW'), /\* SEARCH 1\r\n/);

    // Claimed: a second session, even while the first still has the mailbox, sees nothing recent.
    const second = await session(app);
    assert.match(await second.command('b1', 'SELECT INBOX'), /\* 2 EXISTS\r\n\* 0 RECENT\r\n/);
    assert.match(await second.command('b2', 'SEARCH OLD'), /\* SEARCH 1 2\r\n/);
    assert.match(await second.command('b3', 'FETCH 1 FLAGS'), /\* 1 FETCH \(FLAGS \(\)\)/);
    assert.match(await second.command('b4', 'STATUS INBOX (RECENT)'), /RECENT 0\)/);

    // New mail is recent to the session that hears of it first (here: the NOOP of `second`).
    await deliver(app, 'three');
    const noop = await second.command('b5', 'NOOP');
    assert.match(noop, /\* 3 EXISTS\r\n\* 1 RECENT\r\n/);
    assert.match(await second.command('b6', 'FETCH 3 FLAGS'), /\* 3 FETCH \(FLAGS \(\\Recent\)\)/);
    const late = await first.command('a6', 'NOOP');
    assert.match(late, /\* 3 EXISTS\r\n/);
    assert.doesNotMatch(late, /RECENT/);
    assert.match(await first.command('a7', 'FETCH 3 FLAGS'), /\* 3 FETCH \(FLAGS \(\)\)/);
    first.destroy();
    second.destroy();

    // Everything has been claimed by some session: the next SELECT has nothing recent.
    const third = await session(app);
    assert.match(await third.command('c1', 'SELECT INBOX'), /\* 3 EXISTS\r\n\* 0 RECENT\r\n/);
    third.destroy();
  });

  it('is not recent again after a restart on the same DATA_DIR (the claims are stored)', async () => {
    const dataDir = await tempDataDir();
    let first: TestApp | undefined = await startTestApp({}, dataDir);
    let second: TestApp | undefined;
    try {
      await deliver(first, 'before the restart');
      const a = await session(first);
      assert.match(await a.command('a1', 'SELECT INBOX'), /\* 1 EXISTS\r\n\* 1 RECENT\r\n/);
      a.destroy();
      await first.stop();
      first = undefined;

      second = await startTestApp({}, dataDir);
      const b = await session(second);
      assert.match(await b.command('b1', 'SELECT INBOX'), /\* 1 EXISTS\r\n\* 0 RECENT\r\n/);
      b.destroy();
      await deliver(second, 'after the restart');
      const c = await session(second);
      assert.match(await c.command('c1', 'SELECT INBOX'), /\* 2 EXISTS\r\n\* 1 RECENT\r\n/);
      assert.match(await c.command('c2', 'SEARCH RECENT'), /\* SEARCH 2\r\n/);
      c.destroy();
    } finally {
      await first?.stop();
      if (second) await second.destroy();
      else rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
