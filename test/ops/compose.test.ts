import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { skipWithoutBinary } from '../support/services';

/**
 * deploy/compose.yaml is checked by Compose itself (`docker-compose config`, Debian's Compose v1;
 * no Docker daemon is needed to validate), then for the settings docs/deploy.md promises.
 */
const COMPOSE = '/usr/bin/docker-compose';
const FILE = path.resolve(__dirname, '../../../deploy/compose.yaml');

const SECRETS = {
  POSTGRES_PASSWORD: 'pg-secret',
  JWT_SECRET: '0123456789abcdef0123456789abcdef',
  API_KEYS: 'key-0123456789abcdef',
  PUBLIC_URL: 'https://accounts.example.com',
  MAIL_FROM: 'Example <no-reply@example.com>',
  SMTP_URL: 'smtp://relay.example.com:587',
};

function config(env: Record<string, string>) {
  return spawnSync(COMPOSE, ['-f', FILE, 'config'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
  });
}

describe('deploy/compose.yaml', { skip: skipWithoutBinary(COMPOSE, 'docker-compose') }, () => {
  it('is a valid Compose file with the production layout', () => {
    const out = config(SECRETS);
    assert.equal(out.status, 0, out.stderr);
    const text = out.stdout;
    for (const service of ['postgres', 'redis', 'migrate', 'api', 'worker', 'nginx'])
      assert.match(text, new RegExp(`^  ${service}:$`, 'm'), `service ${service}`);
    // Redis as BullMQ's production guide asks, and the dev mailbox off.
    assert.match(text, /- --maxmemory-policy\n\s+- noeviction/);
    assert.match(text, /- --appendonly\n\s+- "yes"/);
    assert.match(text, /- --appendfsync\n\s+- everysec/);
    assert.doesNotMatch(text, /MAILBOX: "?on/);
    assert.match(text, /MAILBOX: "off"/);
    assert.match(text, /condition: service_completed_successfully/);
    assert.equal(
      text.match(/healthcheck:\n\s+(interval|test)/g)?.length,
      5,
      'postgres, redis, api, worker, and nginx has none',
    );
  });

  it('refuses to start without the secrets, naming the missing one', () => {
    const { JWT_SECRET: _omitted, ...rest } = SECRETS;
    const out = config(rest);
    assert.notEqual(out.status, 0);
    assert.match(out.stderr, /set JWT_SECRET/);
  });
});
