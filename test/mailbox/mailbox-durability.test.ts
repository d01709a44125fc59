import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MailboxService } from '../../src/modules/mailbox/mailbox.service';
import { startTestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { message, sendRaw } from './smtp-helpers';

describe('dev mailbox: durability and retention', () => {
  it('keeps every acknowledged message across a restart on the same DATA_DIR', async () => {
    const first = await startTestApp();
    const to = 'keep@example.test';
    const raws = [message(to, 'kept one'), message(to, 'kept two')];
    for (const raw of raws)
      assert.match(await sendRaw(first, { from: 's@example.test', to: [to] }, raw), /^250 /);
    const before = await new MailboxClient(first.url).list({ to });
    // A pending long-poll must not hold the shutdown up: it is answered 204.
    const pending = new MailboxClient(first.url).waitFor('nobody@example.test', { timeoutMs: 60_000 });
    const service = first.app.get(MailboxService);
    for (let i = 0; i < 200 && service.openWaits === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(service.openWaits, 1, 'the long-poll reached the server');
    await first.stop();
    assert.equal(await pending, null);

    const second = await startTestApp({}, first.dataDir);
    try {
      const mailbox = new MailboxClient(second.url);
      const after = await mailbox.list({ to });
      assert.deepEqual(after, before);
      assert.equal((await mailbox.raw(after[1].id)).toString('utf8'), raws[0]);
      assert.equal((await mailbox.raw(after[0].id)).toString('utf8'), raws[1]);
      await sendRaw(second, { from: 's@example.test', to: [to] }, message(to, 'after restart'));
      const [newest] = await mailbox.list({ to });
      assert.equal(newest.subject, 'after restart');
      assert.ok(newest.id > after[0].id, 'ids keep increasing across restarts');
    } finally {
      await second.destroy();
    }
  });

  it('drops the oldest messages past MAILBOX_MAX_MESSAGES', async () => {
    const app = await startTestApp({ MAILBOX_MAX_MESSAGES: '3' });
    try {
      const mailbox = new MailboxClient(app.url);
      for (let i = 1; i <= 5; i++)
        await sendRaw(app, { from: 's@example.test', to: [`r${i % 2}@example.test`] }, message('x', `n${i}`));
      assert.deepEqual(
        (await mailbox.list()).map((m) => m.subject),
        ['n5', 'n4', 'n3'],
      );
      assert.deepEqual(
        (await mailbox.list({ to: 'r1@example.test' })).map((m) => m.subject),
        ['n5', 'n3'],
      );
    } finally {
      await app.destroy();
    }
  });
});
