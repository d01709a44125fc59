import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAIL_OUTBOX, type MailOutbox } from '../../src/modules/mail/mail.port';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { waitFor } from './smtp-sink';

/** The development default: MAIL_TRANSPORT=mailbox into the built-in mailbox, read over its REST API. */
describe('mail outbox into the dev mailbox (defaults)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.destroy();
  });

  it('a Korean signup-verify mail arrives with its code, link and Message-ID', async () => {
    const outbox = app.app.get<symbol, MailOutbox>(MAIL_OUTBOX);
    const link = 'http://localhost:3000/users/email-verify?signupVerifyToken=tok_abc';
    const queued = await app.runtime.db.transaction((tx) =>
      outbox.enqueue(tx, {
        to: { address: 'minjun@example.test', name: '김민준' },
        template: 'signup-verify',
        locale: 'ko',
        data: {
          name: '김민준',
          linkExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          codeExpiresAt: new Date(Date.now() + 1_800_000).toISOString(),
        },
        secrets: { link, code: '731904' },
      }),
    );
    outbox.wake();
    const got = await new MailboxClient(app.url).waitFor('minjun@example.test', { timeoutMs: 10_000 });
    assert.ok(got, 'the mail arrived');
    assert.equal(got.subject, '이메일 주소를 확인해 주세요');
    assert.ok(got.text.startsWith('김민준님, 안녕하세요.'));
    assert.ok(got.codes.includes('731904'));
    assert.ok(got.links.includes(link));
    assert.deepEqual(got.headers['message-id'], [queued.messageId]);
    // The mailbox answers 250 before the worker records it: wait for the row, bounded.
    const row = await waitFor('the row to be sent', async () => {
      const [r] = await app.runtime.db.query<{ status: string; transport: string }>(
        'SELECT status, transport FROM messages WHERE id = $1',
        [queued.id],
      );
      return r.status === 'sent' ? r : undefined;
    });
    assert.deepEqual(row, { status: 'sent', transport: 'mailbox' });
  });
});
