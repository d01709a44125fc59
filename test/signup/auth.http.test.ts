import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from '../support/app';
import { json, seedPending } from './seed';

describe('login and the user routes', () => {
  let app: TestApp;
  let userId: string;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT: 'off' });
    const { token } = await seedPending(app, 'member@example.com', 'member-password', 'Member');
    const res = await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: token }));
    userId = ((await res.json()) as { user: { id: string } }).user.id;
    await seedPending(app, 'unverified@example.com', 'member-password');
  });
  after(async () => {
    await app.destroy();
  });

  const login = (email: string, password: string) =>
    fetch(`${app.url}/users/login`, json({ email, password }));

  it('issues a one-hour HS256 bearer token with sub and ver', async () => {
    const res = await login('MEMBER@example.com', 'member-password');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { accessToken: string; tokenType: string; expiresIn: number };
    assert.equal(body.tokenType, 'Bearer');
    assert.equal(body.expiresIn, 3600);
    const [header, payload] = body.accessToken
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, number | string>);
    assert.equal(header.alg, 'HS256');
    assert.equal(payload.sub, userId);
    assert.equal(payload.ver, 0);
    assert.equal(Number(payload.exp) - Number(payload.iat), 3600);
  });

  it('wrong password, unknown address and unverified signup are the same 401', async () => {
    const bodies = [];
    for (const [email, password] of [
      ['member@example.com', 'wrong-password'],
      ['stranger@example.com', 'member-password'],
      ['unverified@example.com', 'member-password'],
    ]) {
      const res = await login(email, password);
      assert.equal(res.status, 401);
      bodies.push(await res.json());
    }
    assert.deepEqual(bodies[0], {
      statusCode: 401,
      code: 'invalid_credentials',
      message: 'Wrong email or password.',
    });
    assert.deepEqual(bodies[1], bodies[0]);
    assert.deepEqual(bodies[2], bodies[0]);
  });

  it('GET /users/me and /users/:id: 200 for yourself, 401 without a good token, 403 for anyone else', async () => {
    const { accessToken } = (await (await login('member@example.com', 'member-password')).json()) as {
      accessToken: string;
    };
    const auth = { authorization: `Bearer ${accessToken}` };
    const me = await fetch(`${app.url}/users/me`, { headers: auth });
    assert.equal(me.status, 200);
    const view = (await me.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(view).sort(), ['createdAt', 'email', 'id', 'name']);
    assert.equal(view.id, userId);
    assert.equal((await fetch(`${app.url}/users/${userId}`, { headers: auth })).status, 200);
    for (const other of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await fetch(`${app.url}/users/${other}`, { headers: auth });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { code: string }).code, 'forbidden');
    }
    const expired = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(app.runtime.config.keys.jwt);
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${accessToken}` },
      { authorization: `Bearer ${expired}` },
    ]) {
      const res = await fetch(`${app.url}/users/me`, { headers });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { code: string }).code, 'unauthorized');
    }
    assert.equal((await fetch(`${app.url}/users/${userId}`)).status, 401);
    // Bumping token_version (what a password reset does) revokes tokens issued before.
    await app.runtime.db.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [userId]);
    assert.equal((await fetch(`${app.url}/users/me`, { headers: auth })).status, 401);
  });

  it('the OpenAPI document lists the signup routes with their status codes', async () => {
    const doc = (await (await fetch(`${app.url}/docs/json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    assert.ok(doc.paths['/users'].post.requestBody);
    assert.ok(doc.paths['/users'].post.responses['202']);
    assert.ok(doc.paths['/users/email-verify'].get);
    assert.ok(doc.paths['/users/email-verify'].post.responses['409']);
    assert.ok(doc.paths['/users/resend-verification'].post.responses['429']);
    assert.ok(doc.paths['/users/login'].post.responses['401']);
    assert.ok(doc.paths['/users/me'].get.responses['401']);
    assert.ok(doc.paths['/users/{id}'].get.responses['403']);
  });
});
