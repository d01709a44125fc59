import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageIdDomain, parseMailFrom } from './mail-from.parser';

describe('MAIL_FROM parsing', () => {
  it('reads a name and an address', () => {
    assert.deepEqual(parseMailFrom('mailgate <no-reply@localhost>'), {
      name: 'mailgate',
      address: 'no-reply@localhost',
    });
    assert.deepEqual(parseMailFrom('"Mail Gate" <a@Example.COM>'), {
      name: 'Mail Gate',
      address: 'a@Example.COM',
    });
    assert.equal(messageIdDomain(parseMailFrom('x <a@Example.COM>')), 'example.com');
  });

  it('reads a bare address and refuses garbage', () => {
    assert.deepEqual(parseMailFrom('no-reply@example.com'), { address: 'no-reply@example.com' });
    assert.throws(() => parseMailFrom('mailgate'));
  });
});
