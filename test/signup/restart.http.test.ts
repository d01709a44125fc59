import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { json } from './seed';

describe('a restart on the same DATA_DIR', () => {
  let app: TestApp | undefined;
  after(async () => {
    await app?.destroy();
  });

  /** Signs up through the API and returns the token from the mail the dev mailbox received. */
  async function signupToken(running: TestApp, email: string, password: string): Promise<string> {
    const res = await fetch(`${running.url}/users`, json({ name: 'Restart', email, password }));
    assert.equal(res.status, 202);
    const mail = await new MailboxClient(running.url).waitFor(email, { timeoutMs: 10_000 });
    const link = mail?.links.find((l) => l.includes('signupVerifyToken='));
    assert.ok(link, `a verify link mailed to ${email}`);
    return new URL(link).searchParams.get('signupVerifyToken') ?? '';
  }

  it('keeps a pending signup verifiable and a verified user able to log in', async () => {
    app = await startTestApp({ RATE_LIMIT: 'off' });
    const dir = app.dataDir;
    const later = await signupToken(app, 'later@example.com', 'password-later');
    const now = await signupToken(app, 'now@example.com', 'password-now');
    const verify = (running: TestApp, token: string) =>
      fetch(`${running.url}/users/email-verify`, json({ signupVerifyToken: token }));
    assert.equal((await verify(app, now)).status, 201);
    await app.stop();

    app = await startTestApp({ RATE_LIMIT: 'off' }, dir);
    assert.equal((await verify(app, later)).status, 201);
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
    assert.equal((await verify(app, now)).status, 409);
  });
});
