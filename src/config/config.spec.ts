import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-config-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('gives the contract defaults with nothing set', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    assert.equal(c.profile, 'embedded');
    assert.equal(c.http.port, 3000);
    assert.equal(c.http.host, '127.0.0.1');
    assert.equal(c.http.publicUrl, 'http://localhost:3000');
    assert.equal(c.mail.transport, 'mailbox');
    assert.equal(c.mail.from, 'mailgate <no-reply@localhost>');
    assert.equal(c.mailbox.enabled, true);
    assert.deepEqual([c.mailbox.smtpPort, c.mailbox.pop3Port, c.mailbox.imapPort], [1025, 1110, 1143]);
    assert.equal(c.mailbox.password, 'mailgate');
    assert.equal(c.mailbox.maxMessages, 10000);
    assert.deepEqual(c.signup, { tokenTtlSeconds: 86400, codeTtlSeconds: 1800 });
    assert.equal(c.rateLimit, true);
    assert.equal(c.http.trustProxy, false);
  });

  it('names the variable and the bad value in one line', () => {
    const err = failure({ PORT: 'abc' });
    assert.equal(err.variable, 'PORT');
    assert.match(err.message, /^PORT: .*"abc"/);
    assert.doesNotMatch(err.message, /\n/);
    assert.equal(failure({ MAIL_TRANSPORT: 'carrier-pigeon' }).variable, 'MAIL_TRANSPORT');
    assert.equal(failure({ RATE_LIMIT: 'maybe' }).variable, 'RATE_LIMIT');
    assert.equal(failure({ JWT_SECRET: 'short' }).variable, 'JWT_SECRET');
    assert.equal(failure({ PUBLIC_URL: 'ftp://x' }).variable, 'PUBLIC_URL');
  });

  it('parses MAILBOX_CHAOS and names it when it is wrong', () => {
    assert.deepEqual(loadConfig({ DATA_DIR: dataDir() }).mailbox.chaos, []);
    assert.deepEqual(loadConfig({ DATA_DIR: dataDir(), MAILBOX_CHAOS: '451:0.3,drop:1:2' }).mailbox.chaos, [
      { reply: 451, rate: 0.3 },
      { reply: 'drop', rate: 1, count: 2 },
    ]);
    const err = failure({ MAILBOX_CHAOS: '452:0.5' });
    assert.equal(err.variable, 'MAILBOX_CHAOS');
    assert.match(
      err.message,
      /^MAILBOX_CHAOS: rule "452:0.5" is not REPLY:RATE\[:COUNT\].*\(got "452:0.5"\)$/,
    );
    assert.doesNotMatch(err.message, /\n/);
  });

  it('needs both DATABASE_URL and REDIS_URL for the distributed profile', () => {
    assert.equal(failure({ DATABASE_URL: 'postgres://localhost/x' }).variable, 'REDIS_URL');
    assert.equal(failure({ REDIS_URL: 'redis://localhost' }).variable, 'DATABASE_URL');
  });

  it('prefixes Redis keys with REDIS_KEY_PREFIX, mailgate: by default', () => {
    assert.equal(loadConfig({ DATA_DIR: dataDir() }).redisKeyPrefix, 'mailgate:');
    assert.equal(
      loadConfig({ DATA_DIR: dataDir(), REDIS_KEY_PREFIX: 'staging:mg:' }).redisKeyPrefix,
      'staging:mg:',
    );
    assert.equal(failure({ REDIS_KEY_PREFIX: 'has space' }).variable, 'REDIS_KEY_PREFIX');
  });

  it('checks what the chosen transport needs', () => {
    assert.equal(failure({ MAIL_TRANSPORT: 'smtp' }).variable, 'SMTP_URL');
    assert.equal(failure({ MAIL_TRANSPORT: 'sns', AWS_REGION: 'eu-west-1' }).variable, 'SNS_TOPIC_ARN');
    assert.equal(failure({ MAIL_TRANSPORT: 'mailbox', MAILBOX: 'off' }).variable, 'MAIL_TRANSPORT');
  });

  it('gives the Gmail endpoints their defaults and takes AWS keys only as a pair', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), GMAIL_API_URL: 'http://127.0.0.1:9000/' });
    assert.equal(c.mail.gmail.smtpUrl, 'smtps://smtp.gmail.com:465');
    assert.equal(c.mail.gmail.apiUrl, 'http://127.0.0.1:9000');
    assert.equal(loadConfig({ DATA_DIR: dataDir() }).mail.gmail.apiUrl, 'https://gmail.googleapis.com');
    assert.equal(c.mail.aws.credentials, undefined, 'unset: the SDK default credential chain');
    assert.equal(failure({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' }).variable, 'AWS_SECRET_ACCESS_KEY');
    assert.equal(failure({ AWS_SECRET_ACCESS_KEY: 'secret' }).variable, 'AWS_ACCESS_KEY_ID');
    assert.equal(failure({ GMAIL_SMTP_URL: 'https://smtp.gmail.com' }).variable, 'GMAIL_SMTP_URL');
  });

  it('reads SES notification topics; the SNS stand-in settings exist for tests only', () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:ses-events';
    const c = loadConfig({ DATA_DIR: dataDir(), SES_NOTIFICATIONS_TOPIC_ARN: `${topic}, ${topic}-2` });
    assert.deepEqual(c.mail.sesEvents, { topicArns: [topic, `${topic}-2`] });
    assert.deepEqual(loadConfig({ DATA_DIR: dataDir() }).mail.sesEvents, { topicArns: [] });
    assert.match(
      failure({ SES_NOTIFICATIONS_TOPIC_ARN: 'my-topic' }).message,
      /^SES_NOTIFICATIONS_TOPIC_ARN:/,
    );
    for (const NODE_ENV of ['development', 'production'])
      assert.match(
        failure({
          NODE_ENV,
          JWT_SECRET: 'x'.repeat(32),
          API_KEYS: 'k'.repeat(16),
          MAIL_TRANSPORT: 'smtp',
          SMTP_URL: 'smtp://relay:587',
          SNS_TEST_CERT_HOST: 'localhost',
        }).message,
        /^SNS_TEST_CERT_HOST: is for tests only/,
      );
    const t = loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'test', SNS_TEST_CERT_HOST: '127.0.0.1' });
    assert.deepEqual(t.mail.sesEvents.testStandIn, { certHost: '127.0.0.1', ca: undefined });
  });

  it('reads the throttle pause in seconds (decimals allowed)', () => {
    assert.deepEqual(loadConfig({ DATA_DIR: dataDir() }).mail.throttlePause, {
      baseMs: 30_000,
      maxMs: 600_000,
    });
    const c = loadConfig({ DATA_DIR: dataDir(), MAIL_THROTTLE_PAUSE: '0.25', MAIL_THROTTLE_PAUSE_MAX: '2' });
    assert.deepEqual(c.mail.throttlePause, { baseMs: 250, maxMs: 2000 });
    assert.match(
      failure({ MAIL_THROTTLE_PAUSE: '60', MAIL_THROTTLE_PAUSE_MAX: '30' }).message,
      /^MAIL_THROTTLE_PAUSE_MAX:/,
    );
  });

  it('reads the queue timings, in seconds with decimals, and names a bad one', () => {
    assert.deepEqual(loadConfig({ DATA_DIR: dataDir() }).mail.queue, {
      lockMs: 15_000,
      stalledIntervalMs: 5_000,
      maxStalledCount: 10,
      relayIntervalMs: 5_000,
      relayGraceMs: 10_000,
    });
    const c = loadConfig({
      DATA_DIR: dataDir(),
      MAIL_QUEUE_LOCK: '2',
      MAIL_QUEUE_STALLED_INTERVAL: '0.5',
      MAIL_QUEUE_MAX_STALLED: '3',
      MAIL_RELAY_INTERVAL: '0.25',
      MAIL_RELAY_GRACE: '1',
    });
    assert.deepEqual(c.mail.queue, {
      lockMs: 2000,
      stalledIntervalMs: 500,
      maxStalledCount: 3,
      relayIntervalMs: 250,
      relayGraceMs: 1000,
    });
    assert.equal(failure({ MAIL_QUEUE_LOCK: '0' }).variable, 'MAIL_QUEUE_LOCK');
    assert.equal(failure({ MAIL_QUEUE_STALLED_INTERVAL: 'soon' }).variable, 'MAIL_QUEUE_STALLED_INTERVAL');
    assert.equal(failure({ MAIL_QUEUE_MAX_STALLED: '1.5' }).variable, 'MAIL_QUEUE_MAX_STALLED');
    assert.equal(failure({ MAIL_RELAY_INTERVAL: '-1' }).variable, 'MAIL_RELAY_INTERVAL');
    assert.match(
      failure({ MAIL_RELAY_INTERVAL: '20', MAIL_RELAY_GRACE: '10' }).message,
      /^MAIL_RELAY_GRACE: must be at least MAIL_RELAY_INTERVAL/,
    );
  });

  it('refuses development defaults in production', () => {
    assert.equal(failure({ NODE_ENV: 'production' }).variable, 'JWT_SECRET');
    const secret = 'x'.repeat(32);
    assert.equal(failure({ NODE_ENV: 'production', JWT_SECRET: secret }).variable, 'API_KEYS');
    const base = { NODE_ENV: 'production', JWT_SECRET: secret, API_KEYS: 'k'.repeat(20) };
    assert.equal(failure(base).variable, 'MAIL_TRANSPORT');
    const prod = loadConfig({
      ...base,
      DATA_DIR: dataDir(),
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://h:25',
    });
    assert.equal(prod.mailbox.enabled, false);
    assert.equal(
      failure({ ...base, MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://h:25', MAILBOX: 'on' }).variable,
      'MAILBOX',
    );
  });

  it('generates development secrets once into DATA_DIR and reuses them', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    assert.deepEqual(second.apiKeys, first.apiKeys);
    assert.deepEqual(second.keys.jwt, first.keys.jwt);
    assert.equal(first.apiKeyGenerated, true);
    const file = path.join(dir, 'dev-secrets.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(JSON.parse(readFileSync(file, 'utf8')).jwtSecret.length >= 43);
    const other = loadConfig({ DATA_DIR: dataDir() });
    assert.notDeepEqual(other.keys.jwt, first.keys.jwt);
  });

  it('derives a distinct key per purpose from JWT_SECRET', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: 's'.repeat(40) });
    assert.deepEqual(Buffer.from(c.keys.jwt), Buffer.from('s'.repeat(40)));
    const keys = [c.keys.codeHmac, c.keys.tokenHmac, c.keys.seal, c.keys.lookup].map((k) =>
      k.toString('hex'),
    );
    assert.equal(new Set(keys).size, 4);
  });

  it('stops `npm start` with one line naming the variable', () => {
    const main = path.resolve(__dirname, '..', 'main.js');
    const r = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: '99999', DATA_DIR: dataDir() },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^mailgate: invalid setting PORT: /);
  });
});
