import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSmtpUrl } from './smtp.transport';

describe('SMTP_URL', () => {
  it('smtps:// is implicit TLS on 465 by default, with decoded credentials', () => {
    assert.deepEqual(parseSmtpUrl('smtps://me%40example.com:p%3Ass@mail.example.com'), {
      host: 'mail.example.com',
      port: 465,
      secure: true,
      auth: { user: 'me@example.com', pass: 'p:ss' },
    });
  });

  it('smtp:// starts in plain text (STARTTLS when offered), 587 by default, no auth without user info', () => {
    assert.deepEqual(parseSmtpUrl('smtp://127.0.0.1:2525'), {
      host: '127.0.0.1',
      port: 2525,
      secure: false,
      auth: undefined,
    });
    assert.equal(parseSmtpUrl('smtp://relay.example').port, 587);
    assert.equal(parseSmtpUrl('smtp://[::1]:25').host, '::1');
  });
});
