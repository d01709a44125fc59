import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeRedisPolicy } from './redis-policy';

describe('judgeRedisPolicy', () => {
  it('accepts noeviction with AOF everysec', () => {
    assert.deepEqual(
      judgeRedisPolicy({
        source: 'config',
        maxmemoryPolicy: 'noeviction',
        appendonly: 'yes',
        appendfsync: 'everysec',
        save: '',
      }),
      [],
    );
  });

  it('names eviction and missing persistence, with the fix', () => {
    const findings = judgeRedisPolicy({
      source: 'config',
      maxmemoryPolicy: 'allkeys-lru',
      appendonly: 'no',
      save: '',
    });
    assert.deepEqual(
      findings.map((f) => [f.setting, f.value, f.expected]),
      [
        ['maxmemory-policy', 'allkeys-lru', 'noeviction'],
        ['appendonly', 'no', 'yes'],
      ],
    );
    assert.match(findings[1].risk, /no persistence at all/);
  });

  it('says what RDB snapshots alone can lose', () => {
    const [f] = judgeRedisPolicy({
      source: 'config',
      maxmemoryPolicy: 'noeviction',
      appendonly: 'no',
      save: '3600 1',
    });
    assert.match(f.risk, /since the last snapshot/);
  });

  it('flags appendfsync no, and reports nothing it could not read', () => {
    assert.deepEqual(
      judgeRedisPolicy({
        source: 'config',
        maxmemoryPolicy: 'noeviction',
        appendonly: 'yes',
        appendfsync: 'no',
      }).map((f) => f.setting),
      ['appendfsync'],
    );
    assert.deepEqual(judgeRedisPolicy({ source: 'info' }), []);
  });
});
