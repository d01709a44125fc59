import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { type RunningApp, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { readRedisPolicy } from '../../src/infra/redis/redis-policy';
import { OwnRedis, REDIS_SERVER } from '../support/redis-server';
import { freshPostgresDatabase, skipWithout, skipWithoutBinary } from '../support/services';

/**
 * BullMQ's production guide: Redis must not evict keys (maxmemory-policy noeviction) and should
 * persist with AOF. The service checks at start and in /health, on a redis-server of our own (the
 * shared one is never reconfigured).
 */

const noBinary = skipWithoutBinary(REDIS_SERVER, 'redis-server');

interface LogLine {
  level: number;
  msg: string;
  setting?: string;
  fix?: string;
}

/** The distributed profile against `redisArgs`, with its log lines kept for the test to read. */
async function startWith(redisArgs: string[]) {
  const redis = await OwnRedis.start(redisArgs);
  const pg = await freshPostgresDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mailgate-test-'));
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORT: '0',
    MAILBOX: 'off',
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: 'smtp://127.0.0.1:9',
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
  });
  const app: RunningApp = await startApp(config, pino({ level: 'warn' }, sink));
  // Ready once every check passes: right after start the queue's connections may still be
  // connecting (a busy CI machine), so ask again for a few seconds before taking the answer.
  const health = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await fetch(`${app.url}/health`);
      const body = (await res.json()) as { warnings?: Record<string, string>; checks?: unknown };
      if (res.status === 200 || Date.now() > deadline) return { status: res.status, body };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return {
    lines,
    health,
    stop: async () => {
      await app.close();
      await redis.stop();
      await pg.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('Redis settings check', { skip: skipWithout('postgres') || noBinary }, () => {
  const stops: (() => Promise<void>)[] = [];
  after(async () => {
    for (const stop of stops) await stop();
  });

  it('warns at start and in /health when Redis may evict keys and does not persist', async () => {
    const s = await startWith(['--maxmemory-policy', 'allkeys-lru', '--appendonly', 'no']);
    stops.push(s.stop);
    const warnings = s.lines.filter((l) => l.level === 40 && l.setting !== undefined);
    assert.deepEqual(warnings.map((l) => l.setting).sort(), ['appendonly', 'maxmemory-policy']);
    const eviction = warnings.find((l) => l.setting === 'maxmemory-policy');
    assert.equal(eviction?.msg, 'Redis maxmemory-policy is allkeys-lru, mailgate needs noeviction');
    assert.match(eviction?.fix ?? '', /maxmemory-policy noeviction/);
    const { status, body } = await s.health();
    assert.equal(status, 200, 'a warning, not a failure');
    assert.match(body.warnings?.redis ?? '', /maxmemory-policy is allkeys-lru \(should be noeviction\)/);
    assert.match(body.warnings?.redis ?? '', /appendonly is no \(should be yes\).*appendfsync everysec/);
  });

  it('says nothing with noeviction and AOF everysec', async () => {
    const s = await startWith([
      '--maxmemory-policy',
      'noeviction',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
    ]);
    stops.push(s.stop);
    assert.deepEqual(
      s.lines.filter((l) => l.setting !== undefined),
      [],
    );
    const { status, body } = await s.health();
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.warnings, undefined);
  });
});

describe('Redis settings where CONFIG is disabled (managed Redis)', { skip: noBinary }, () => {
  it('reads the eviction policy and AOF state from INFO instead', async () => {
    const redis = await OwnRedis.start([
      '--rename-command',
      'CONFIG',
      '',
      '--maxmemory-policy',
      'volatile-lru',
    ]);
    try {
      const policy = await redis.client(async (r) => {
        await assert.rejects(r.call('CONFIG', 'GET', 'save'), /unknown command/);
        return readRedisPolicy(r);
      });
      assert.deepEqual(policy, { source: 'info', maxmemoryPolicy: 'volatile-lru', appendonly: 'no' });
    } finally {
      await redis.stop();
    }
  });
});
