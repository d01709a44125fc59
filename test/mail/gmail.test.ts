import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config';
import { GmailTransport } from '../../src/modules/mail/transports/gmail/gmail.transport';
import { type OutgoingMail, TransportError } from '../../src/modules/mail/transports/mail-transport.port';
import { startTestApp } from '../support/app';
import { TokenEndpoint } from './http-stand-in';
import { SmtpSink, waitFor } from './smtp-sink';
import { transportContract } from './transport-contract';

const client = {
  clientId: 'client-1.apps.googleusercontent.com',
  clientSecret: 'secret-1',
  refreshToken: '1//refresh-1',
};
const user = 'sender@gmail.test';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'mailgate-gmail-'));
  dirs.push(d);
  return d;
}

function gmail(env: Record<string, string>, dir = dataDir()): GmailTransport {
  return new GmailTransport(
    loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dir,
      MAIL_TRANSPORT: 'gmail',
      GMAIL_USER: user,
      GMAIL_CLIENT_ID: client.clientId,
      GMAIL_CLIENT_SECRET: client.clientSecret,
      GMAIL_REFRESH_TOKEN: client.refreshToken,
      ...env,
    }),
  );
}

function mail(to: string): OutgoingMail {
  return {
    messageId: `<${Math.random().toString(36).slice(2)}@mailgate.test>`,
    from: { name: 'mailgate', address: user },
    to: { address: to },
    subject: 'hello',
    text: 'hello',
    html: '<p>hello</p>',
    headers: {},
  };
}

// The shared SMTP contract, over XOAUTH2 with a configured, still valid access token.
transportContract(
  'gmail (XOAUTH2)',
  (sink) =>
    gmail({
      GMAIL_SMTP_URL: sink.url,
      GMAIL_ACCESS_TOKEN: 'ya29.configured',
      GMAIL_TOKEN_EXPIRES: String(Date.now() + 3_600_000),
      GMAIL_ACCESS_URL: 'http://127.0.0.1:9/token', // never called: the token is valid
    }),
  { xoauth2: { user, accessToken: () => 'ya29.configured' } },
);

describe('gmail: OAuth2 refresh against a local token endpoint', () => {
  it('refreshes with the refresh token, logs in with XOAUTH2, keeps the token (0600) and reuses it after a restart', async () => {
    const tokens = await TokenEndpoint.start(client);
    const logins: { method: string; username?: string; accessToken?: string }[] = [];
    const sink = await SmtpSink.start({
      xoauth2: { user, accessToken: () => tokens.current },
      onAuth: (a) => logins.push(a),
    });
    const dir = dataDir();
    const env = { GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: tokens.url };
    try {
      const first = gmail(env, dir);
      const result = await first.send(mail('a@example.test'));
      await first.close();
      assert.deepEqual(result.accepted, ['a@example.test']);
      assert.deepEqual(tokens.server.problems, []);
      assert.equal(tokens.refreshes, 1);
      assert.deepEqual(logins, [{ method: 'XOAUTH2', username: user, accessToken: 'ya29.test-1' }]);

      const file = path.join(dir, 'gmail-token.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const stored = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(stored.accessToken, 'ya29.test-1');
      assert.ok(stored.expires > Date.now() + 3_000_000, 'expires_in 3599 s from now');
      assert.equal(JSON.stringify(stored).includes(client.refreshToken), false, 'no refresh token on disk');

      const second = gmail(env, dir);
      await second.send(mail('b@example.test'));
      await second.close();
      assert.equal(tokens.refreshes, 1, 'the stored token was reused, not refreshed again');
      assert.equal(logins.at(-1)?.accessToken, 'ya29.test-1');
      assert.equal(sink.to('b@example.test').length, 1);
    } finally {
      await sink.close();
      await tokens.server.close();
    }
  });

  it('a token the server refuses is refreshed once and the send goes through', async () => {
    const tokens = await TokenEndpoint.start(client);
    const sink = await SmtpSink.start({ xoauth2: { user, accessToken: () => tokens.current } });
    const transport = gmail({
      GMAIL_SMTP_URL: sink.url,
      GMAIL_ACCESS_URL: tokens.url,
      GMAIL_ACCESS_TOKEN: 'ya29.revoked',
      GMAIL_TOKEN_EXPIRES: String(Date.now() + 3_600_000),
    });
    try {
      await transport.send(mail('c@example.test'));
      assert.equal(tokens.refreshes, 1);
      assert.equal(sink.to('c@example.test').length, 1);
    } finally {
      await transport.close();
      await sink.close();
      await tokens.server.close();
    }
  });

  it('invalid_grant: sends are held back (throttled) without asking Google again, health explains re-consent', async () => {
    const tokens = await TokenEndpoint.start(client);
    tokens.failWith = 'invalid_grant';
    const sink = await SmtpSink.start({ xoauth2: { user, accessToken: () => tokens.current } });
    const transport = gmail({ GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: tokens.url });
    try {
      assert.equal(transport.health().ok, true);
      for (let i = 0; i < 2; i++) {
        const err = await transport.send(mail('d@example.test')).then(
          () => assert.fail('expected a failure'),
          (e: unknown) => e,
        );
        assert.ok(err instanceof TransportError);
        assert.equal(err.kind, 'throttled');
        assert.match(err.message, /invalid_grant/);
      }
      assert.equal(tokens.refreshes, 1, 'a dead grant is not retried against Google');
      assert.equal(sink.received.length, 0);
      const health = transport.health();
      assert.equal(health.ok, false);
      assert.match(health.detail ?? '', /invalid_grant/);
      assert.match(health.detail ?? '', /7 days/);
      assert.match(health.detail ?? '', /"Testing"/);
      assert.equal((health.detail ?? '').includes(client.refreshToken), false);
    } finally {
      await transport.close();
      await sink.close();
      await tokens.server.close();
    }
  });

  it('a login refused even with a fresh token (wrong user or scope) is held back, not failed', async () => {
    const tokens = await TokenEndpoint.start(client);
    const sink = await SmtpSink.start({
      xoauth2: { user: 'someone-else@gmail.test', accessToken: () => tokens.current },
    });
    const transport = gmail({ GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: tokens.url });
    try {
      const err = await transport.send(mail('f@example.test')).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TransportError);
      assert.equal(err.kind, 'throttled');
      assert.match(err.message, /^SMTP 535: Gmail refused the XOAUTH2 login/);
      assert.equal(tokens.refreshes, 2, 'the first token, then one renewal after the 334 challenge');
    } finally {
      await transport.close();
      await sink.close();
      await tokens.server.close();
    }
  });

  it('a token endpoint that is down is retryable, not a dead grant', async () => {
    const sink = await SmtpSink.start({ xoauth2: { user, accessToken: () => undefined } });
    const transport = gmail({ GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: 'http://127.0.0.1:9/token' });
    try {
      const err = await transport.send(mail('e@example.test')).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TransportError);
      assert.equal(err.kind, 'retryable');
      assert.equal(transport.health().ok, true);
    } finally {
      await transport.close();
      await sink.close();
    }
  });
});

describe('gmail: an expired grant fails /health', () => {
  it('GET /health answers 503 naming the mail check with the re-consent explanation', async () => {
    const tokens = await TokenEndpoint.start(client);
    tokens.failWith = 'invalid_grant';
    const sink = await SmtpSink.start({ xoauth2: { user, accessToken: () => tokens.current } });
    const app = await startTestApp({
      MAIL_TRANSPORT: 'gmail',
      MAIL_FROM: `mailgate <${user}>`,
      GMAIL_USER: user,
      GMAIL_CLIENT_ID: client.clientId,
      GMAIL_CLIENT_SECRET: client.clientSecret,
      GMAIL_REFRESH_TOKEN: client.refreshToken,
      GMAIL_ACCESS_URL: tokens.url,
      GMAIL_SMTP_URL: sink.url,
    });
    try {
      const before = await fetch(`${app.url}/health`);
      assert.equal(before.status, 200);
      const signup = await fetch(`${app.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' }),
      });
      assert.equal(signup.status, 202);
      const body = await waitFor('/health to fail', async () => {
        const res = await fetch(`${app.url}/health`);
        return res.status === 503 ? ((await res.json()) as { checks: Record<string, string> }) : undefined;
      });
      assert.match(body.checks.mail, /invalid_grant/);
      assert.match(body.checks.mail, /re-consent|Re-consent/);
      assert.match(body.checks.mail, /7 days/);
      assert.deepEqual(tokens.server.problems, []);
    } finally {
      await app.destroy();
      await sink.close();
      await tokens.server.close();
    }
  });
});
