/**
 * Which ioredis errors mean "Redis cannot serve us now". With `enableOfflineQueue: false`,
 * `maxRetriesPerRequest: 1` and `commandTimeout` (see redis.ts) a command fails fast with one of
 * these while Redis is down; the stores let it through and the error filter answers 503.
 */
const CLIENT_MESSAGES = [
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Connection is closed.',
  'Command timed out',
  // A Cluster client that has no node to send to yet (start-up, or every node gone).
  "Cluster isn't ready and enableOfflineQueue options is false",
];

/** A Cluster client gave up following redirections (TRYAGAIN during a resharding, a node going away). */
const CLUSTER_GAVE_UP = 'Too many Cluster redirections.';

/** Server replies that say "not now" rather than "wrong command": loading, failover, out of memory. */
const UNAVAILABLE_REPLIES = /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|MISCONF|OOM|BUSY) /;

export function isRedisOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  // ioredis types its ReplyError as `any`; the name is what it sets.
  if (err.name === 'ReplyError') return UNAVAILABLE_REPLIES.test(err.message);
  return CLIENT_MESSAGES.includes(err.message) || err.message.startsWith(CLUSTER_GAVE_UP);
}
