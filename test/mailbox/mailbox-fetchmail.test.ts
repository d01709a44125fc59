import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app';
import { MailboxClient } from '../support/mailbox-client';
import { pop3Address } from './pop3-client';
import { message, sendRaw } from './smtp-helpers';

/**
 * fetchmail is a Debian package (.ci/run installs it); without it this suite skips, unless
 * REQUIRE_SERVICES=1, where it runs and fails. (spawnSync is fine here: no server runs yet.)
 */
const missing =
  spawnSync('fetchmail', ['--version'], { timeout: 10_000 }).error && process.env.REQUIRE_SERVICES !== '1'
    ? 'fetchmail is not installed (apt-get install fetchmail); with REQUIRE_SERVICES=1 this is a failure'
    : false;

describe('dev mailbox: fetchmail downloads a whole mailbox over POP3 + STLS', { skip: missing }, () => {
  let app: TestApp;
  let home: string;
  before(async () => {
    app = await startTestApp();
    home = mkdtempSync(path.join(tmpdir(), 'mailgate-fetchmail-'));
  });
  after(async () => {
    await app.destroy();
    rmSync(home, { recursive: true, force: true });
  });

  it('retrieves every message, deletes them on the server, and a second run finds nothing', async () => {
    const to = 'fetch@example.test';
    const mailbox = new MailboxClient(app.url);
    const subjects = ['fetch one', 'fetch two', 'fetch three'];
    for (const subject of subjects)
      assert.match(
        await sendRaw(app, { from: 's@example.test', to: [to] }, message(to, subject, '.\r\n..')),
        /^250 /,
      );
    const { host, port } = pop3Address(app);
    const out = path.join(home, 'delivered');
    const rc = path.join(home, 'fetchmailrc');
    // sslcertck off: the dev mailbox's certificate is self-signed. STLS is still used (sslproto).
    writeFileSync(
      rc,
      [
        'set no bouncemail',
        `poll ${host} service ${port} proto pop3 auth password timeout 20`,
        `  user "${to}" there with password "mailgate"`,
        '  sslproto tls1.2+ no sslcertck',
        `  fetchall nokeep mda "cat >> ${out}"`,
        '',
      ].join('\n'),
    );
    chmodSync(rc, 0o600);
    const run = () =>
      new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          'fetchmail',
          ['-f', rc, '--nodetach', '--nosyslog', '-v'],
          { timeout: 60_000, env: { ...process.env, HOME: home, FETCHMAILHOME: home } },
          (err, stdout, stderr) =>
            resolve({
              code: typeof err?.code === 'number' ? err.code : err ? -1 : 0,
              output: stdout + stderr,
            }),
        );
      });
    const first = await run();
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /STLS/);
    const delivered = readFileSync(out, 'latin1');
    for (const subject of subjects) assert.match(delivered, new RegExp(`^Subject: ${subject}\r?$`, 'm'));
    assert.equal((await mailbox.list({ to })).length, 0, 'fetchmail deleted what it fetched');
    const second = await run();
    assert.equal(second.code, 1, `exit 1 means no mail: ${second.output}`);
  });
});
