import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { openSecrets, sealSecrets } from './secrets.seal';

describe('sealed outbox secrets', () => {
  const key = randomBytes(32);
  const id = randomUUID();
  const secrets = { link: 'https://example.test/users/email-verify?signupVerifyToken=abc', code: '042137' };

  it('round-trips and does not contain the plaintext', () => {
    const sealed = sealSecrets(key, id, secrets);
    assert.deepEqual(openSecrets(key, id, sealed), secrets);
    assert.equal(sealed.includes(Buffer.from('042137')), false);
  });

  it('uses a fresh nonce every time', () => {
    const a = sealSecrets(key, id, secrets);
    const b = sealSecrets(key, id, secrets);
    assert.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12));
    assert.notDeepEqual(a, b);
  });

  it('rejects a flipped bit anywhere', () => {
    const sealed = sealSecrets(key, id, secrets);
    for (const at of [0, 12, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] ^= 1;
      assert.throws(() => openSecrets(key, id, bad));
    }
  });

  it('rejects another message id (AAD), another key and a truncated blob', () => {
    const sealed = sealSecrets(key, id, secrets);
    assert.throws(() => openSecrets(key, randomUUID(), sealed));
    assert.throws(() => openSecrets(randomBytes(32), id, sealed));
    assert.throws(() => openSecrets(key, id, sealed.subarray(0, 20)), /truncated/);
  });
});
