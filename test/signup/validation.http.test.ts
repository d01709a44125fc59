import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { json } from './seed';

interface ErrorBody {
  statusCode: number;
  code: string;
  fields?: Record<string, string>;
}

describe('signup request validation and limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ TRUST_PROXY: 'on' });
  });
  after(async () => {
    await app.destroy();
  });

  const post = (path: string, init: RequestInit) => fetch(`${app.url}${path}`, init);
  const good = { name: 'Ada', email: 'ada@example.com', password: 'password-123' };

  it('refuses bad fields with 400 validation_failed naming each field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, email: 5 }, 'email'],
      [{ ...good, email: 'not-an-address' }, 'email'],
      [{ ...good, email: `${'x'.repeat(65)}@example.com` }, 'email'],
      [{ ...good, name: 'x\r\nBcc: evil@example.com' }, 'name'],
      [{ ...good, name: '   ' }, 'name'],
      [{ ...good, name: 'n'.repeat(65) }, 'name'],
      [{ ...good, password: 'short' }, 'password'],
      [{ ...good, password: 'p'.repeat(129) }, 'password'],
      [{ name: 'Ada' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/users', json(body));
      assert.equal(res.status, 400, JSON.stringify(body));
      const err = (await res.json()) as ErrorBody;
      assert.equal(err.code, 'validation_failed');
      assert.ok(err.fields?.[field], `${field} in ${JSON.stringify(err.fields)}`);
    }
  });

  it('malformed JSON is 400, a body over 64 KiB is 413, other content types are 415', async () => {
    const bad = await post('/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as ErrorBody).code, 'malformed_json');
    const big = await post('/users', json({ ...good, name: 'x'.repeat(70 * 1024) }));
    assert.equal(big.status, 413);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      for (const path of ['/users', '/users/login', '/users/resend-verification']) {
        const res = await post(path, {
          method: 'POST',
          headers: { 'content-type': type },
          body: 'email=a@example.com',
        });
        assert.equal(res.status, 415, `${type} to ${path}`);
        assert.equal(((await res.json()) as ErrorBody).code, 'unsupported_media_type');
      }
    }
  });

  it('resend answers 202 for any address, then 429 with Retry-After within the minute', async () => {
    const first = await post('/users/resend-verification', json({ email: 'Someone@example.com' }));
    assert.equal(first.status, 202);
    assert.ok(((await first.json()) as { message: string }).message);
    const second = await post('/users/resend-verification', json({ email: 'someone@EXAMPLE.com' }));
    assert.equal(second.status, 429);
    const retry = Number(second.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    assert.equal(((await second.json()) as ErrorBody).code, 'rate_limited');
  });

  it('repeated failed logins for one address end in 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 11; i++) {
      const res = await post('/users/login', json({ email: 'victim@example.com', password: `guess-${i}` }));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
    assert.ok(Number(retryAfter) > 0);
  });

  it('verify is limited per client IP, taken from X-Forwarded-For behind a trusted proxy', async () => {
    const attempt = (ip: string) =>
      post('/users/email-verify', json({ signupVerifyToken: 'x'.repeat(47) }, { 'x-forwarded-for': ip }));
    for (let i = 0; i < 60; i++) assert.equal((await attempt('203.0.113.7')).status, 400);
    const limited = await attempt('203.0.113.7');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await attempt('198.51.100.9')).status, 400, 'another client is not affected');
  });
});
