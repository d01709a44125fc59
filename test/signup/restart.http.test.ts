import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { json, seedPending } from './seed';

describe('a restart on the same DATA_DIR', () => {
  let app: TestApp | undefined;
  after(async () => {
    await app?.destroy();
  });

  it('keeps a pending signup verifiable and a verified user able to log in', async () => {
    app = await startTestApp({ RATE_LIMIT: 'off' });
    const dir = app.dataDir;
    const pending = await seedPending(app, 'later@example.com', 'password-later');
    const done = await seedPending(app, 'now@example.com', 'password-now');
    assert.equal(
      (await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: done.token }))).status,
      201,
    );
    await app.stop();

    app = await startTestApp({ RATE_LIMIT: 'off' }, dir);
    const verified = await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: pending.token }));
    assert.equal(verified.status, 201);
    for (const [email, password] of [
      ['now@example.com', 'password-now'],
      ['later@example.com', 'password-later'],
    ]) {
      const res = await fetch(`${app.url}/users/login`, json({ email, password }));
      assert.equal(res.status, 200, email);
      const { accessToken } = (await res.json()) as { accessToken: string };
      const me = await fetch(`${app.url}/users/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      assert.equal(((await me.json()) as { email: string }).email, email);
    }
    // The replay guard survives the restart too.
    assert.equal(
      (await fetch(`${app.url}/users/email-verify`, json({ signupVerifyToken: done.token }))).status,
      409,
    );
  });
});
