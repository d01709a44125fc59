import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplyError } from 'ioredis';
import { isDatabaseOutage } from '../../infra/db/db-outage';
import { DependencyUnavailableError } from '../../infra/outage';
import { toErrorBody } from './error.filter';
import { dependencyOutage } from './outage';

describe('outage classification', () => {
  it('maps PgDb and ioredis outages to their codes, with Retry-After and no internals', () => {
    const db = toErrorBody(
      new DependencyUnavailableError('database', { cause: new Error('connect ECONNREFUSED') }),
    );
    assert.deepEqual(db.body, {
      statusCode: 503,
      code: 'database_unavailable',
      message: 'The database is unavailable: nothing was changed, try again shortly.',
    });
    assert.equal(db.internal, false);
    assert.ok((db.retryAfter ?? 0) >= 1);
    const redis = toErrorBody(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    assert.equal(redis.body.code, 'redis_unavailable');
  });

  it('follows causes, and knows Redis replies that mean "not now" from real errors', () => {
    const wrapped = new Error('store failed', { cause: new Error('Command timed out') });
    assert.equal(dependencyOutage(wrapped), 'redis');
    assert.equal(
      dependencyOutage(
        new (ReplyError as new (m: string) => Error)('LOADING Redis is loading the dataset in memory'),
      ),
      'redis',
    );
    assert.equal(
      dependencyOutage(new (ReplyError as new (m: string) => Error)('WRONGTYPE Operation against a key')),
      undefined,
    );
    // A Cluster client: no node to send to, a slot whose master is down, redirections given up on.
    for (const message of [
      "Cluster isn't ready and enableOfflineQueue options is false",
      'Too many Cluster redirections. Last error: ReplyError: TRYAGAIN Multiple keys request during rehashing of slot',
    ])
      assert.equal(dependencyOutage(new Error(message)), 'redis', message);
    assert.equal(
      dependencyOutage(new (ReplyError as new (m: string) => Error)('CLUSTERDOWN The cluster is down')),
      'redis',
    );
    // A bare socket error is not guessed at: it could come from anything (PgDb wraps its own).
    assert.equal(
      dependencyOutage(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      undefined,
    );
    assert.equal(toErrorBody(new Error('boom')).body.code, 'internal_error');
  });

  it('tells PostgreSQL connection failures from statement errors', () => {
    assert.ok(isDatabaseOutage(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })));
    assert.ok(isDatabaseOutage(new Error('Connection terminated unexpectedly')));
    assert.ok(isDatabaseOutage(new Error('timeout exceeded when trying to connect')));
    assert.ok(
      isDatabaseOutage(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    );
    assert.ok(!isDatabaseOutage(Object.assign(new Error('duplicate key'), { code: '23505' })));
    assert.ok(!isDatabaseOutage(Object.assign(new Error('syntax error'), { code: '42601' })));
  });
});
