import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../mail/smtp-sink';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';

/** The development default: the generated API key, MAIL_TRANSPORT=mailbox, read back from the dev mailbox. */
describe('Email API into the dev mailbox (defaults)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => {
    await app.destroy();
  });

  it('the generated API key works; the mail arrives with the Message-ID GET reports', async () => {
    assert.equal(app.runtime.config.apiKeyGenerated, true);
    const auth = { authorization: `Bearer ${app.runtime.config.apiKeys[0]}` };
    const res = await fetch(`${app.url}/emails`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'dev@example.test', subject: '개발 메일', html: '<p>안녕하세요</p>' }),
    });
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };
    const got = await new MailboxClient(app.url).waitFor('dev@example.test', { timeoutMs: 10_000 });
    assert.ok(got, 'the mail arrived');
    assert.equal(got.subject, '개발 메일');
    assert.ok(got.html.includes('<p>안녕하세요</p>'));
    const sent = await waitFor('status sent', async () => {
      const v = (await (await fetch(`${app.url}/emails/${id}`, { headers: auth })).json()) as {
        status: string;
        messageId: string;
        transport: string;
      };
      return v.status === 'sent' ? v : undefined;
    });
    assert.equal(sent.transport, 'mailbox');
    assert.deepEqual(got.headers['message-id'], [sent.messageId]);
  });
});
