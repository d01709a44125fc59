import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_SECONDS, AccessTokens } from './access-token';

describe('access tokens', () => {
  const key = new Uint8Array(Buffer.alloc(32, 9));
  let now = Date.parse('2026-01-01T00:00:00Z');
  const tokens = new AccessTokens(key, () => now);

  it('round-trips sub and ver, with a one-hour lifetime', async () => {
    const jwt = await tokens.issue({ sub: 'u1', ver: 3 });
    assert.deepEqual(await tokens.verify(jwt), { sub: 'u1', ver: 3 });
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
    assert.equal(payload.exp - payload.iat, ACCESS_TOKEN_SECONDS);
  });

  it('refuses expired, tampered, foreign-key and alg=none tokens', async () => {
    const jwt = await tokens.issue({ sub: 'u1', ver: 0 });
    now += (ACCESS_TOKEN_SECONDS + 1) * 1000;
    assert.equal(await tokens.verify(jwt), undefined);
    now -= (ACCESS_TOKEN_SECONDS + 1) * 1000;
    const [h, p, s] = jwt.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u2', ver: 0, iat: 1, exp: 9e9 })).toString('base64url');
    assert.equal(await tokens.verify(`${h}.${forged}.${s}`), undefined);
    assert.equal(await tokens.verify(`${h}.${p}.${s.slice(0, -2)}AA`), undefined);
    const other = await new AccessTokens(new Uint8Array(Buffer.alloc(32, 8)), () => now).issue({
      sub: 'u1',
      ver: 0,
    });
    assert.equal(await tokens.verify(other), undefined);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    assert.equal(await tokens.verify(none), undefined);
    assert.equal(await tokens.verify('garbage'), undefined);
  });

  it('refuses a token without a numeric ver', async () => {
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign(key);
    assert.equal(await tokens.verify(jwt), undefined);
  });
});
