import { Cluster, type ClusterOptions, Redis as Standalone, type RedisOptions } from 'ioredis';
import { settledWithin } from '../../common/lifecycle/bounded';

/**
 * mailgate's connection to Redis: one server (or a proxy that presents one endpoint), or a Redis
 * Cluster. Both answer the same commands; a Cluster client sends each to the master that owns its
 * key's slot, which is why every script of the stores touches keys of one slot only.
 */
export type Redis = Standalone | Cluster;
export { Cluster };

/** Who uses a connection, which decides how it behaves while Redis (or one master) is away. */
type Use = 'stores' | 'producer' | 'worker';

/** How long start-up waits for a cluster to answer CLUSTER SLOTS and report cluster_state:ok. */
const CLUSTER_READY_MS = 10_000;

const reconnect = (times: number) => Math.min(times * 100, 1000);

/**
 * - `stores` (pending signups, rate limits, idempotency keys): commands fail fast instead of
 *   queueing, so a request answers 503 within a second rather than hanging; ioredis reconnects in
 *   the background and the service resumes by itself.
 * - `producer` (adding BullMQ jobs): fails fast too, so an add during an outage errors at once (the
 *   outbox relay adds it later) instead of piling up in memory; no command timeout (BullMQ's own).
 * - `worker` (BullMQ's consumer): blocks waiting for jobs, so BullMQ requires
 *   `maxRetriesPerRequest: null`; commands wait for a reconnect instead of failing.
 */
function behaviour(use: Use): RedisOptions {
  const failFast = use !== 'worker';
  return {
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    connectTimeout: 1000,
    commandTimeout: use === 'stores' ? 1000 : undefined,
    retryStrategy: reconnect,
  };
}

/**
 * A Cluster client seeded with `seeds` (it learns the other nodes from CLUSTER SLOTS). The
 * fail-fast uses also turn off ioredis' retries after a node went away or the cluster reported
 * CLUSTERDOWN: such a retry would run the command later, possibly after the request has already
 * answered 503 (a write after its error), and the retries add up past a second. Redirections
 * (MOVED, ASK) are still followed: the command did not run.
 */
function clusterClient(seeds: { host: string; port: number }[], auth: RedisOptions, use: Use): Cluster {
  const { enableOfflineQueue, maxRetriesPerRequest, connectTimeout, commandTimeout } = behaviour(use);
  const options: ClusterOptions = {
    // The stores' client is connected (and awaited) by openRedis; BullMQ's connect as they are made.
    lazyConnect: use === 'stores',
    enableOfflineQueue,
    clusterRetryStrategy: reconnect,
    redisOptions: {
      username: auth.username,
      password: auth.password,
      tls: auth.tls,
      maxRetriesPerRequest,
      connectTimeout,
      commandTimeout,
    },
    // Nodes are reached by the addresses they announce; with TLS a name must stay a name (the
    // certificate is checked against it), so it is handed to the socket unresolved.
    dnsLookup: (address, callback) => callback(null, address),
    ...(use === 'worker' ? {} : { retryDelayOnFailover: 0, retryDelayOnClusterDown: 0 }),
  };
  return new Cluster(seeds, options);
}

/** Where a node listens, as a cluster seed. */
const seedOf = (options: RedisOptions) => ({ host: options.host ?? '127.0.0.1', port: options.port ?? 6379 });

/** Whether the server behind `redis` is a Redis Cluster node (INFO may be disabled: then it is not). */
async function isClusterNode(redis: Standalone): Promise<boolean> {
  try {
    return /^cluster_enabled:1\s*$/m.test(await redis.info('cluster'));
  } catch (err) {
    if ((err as Error).name === 'ReplyError') return false;
    throw err;
  }
}

/**
 * Opens the distributed profile's Redis connection for the stores. REDIS_URL names one server; if
 * that server is a Redis Cluster node, the connection becomes a Cluster client seeded with it
 * (no setting to say so: the server tells). Cluster has one database, so a URL naming another one
 * is refused rather than silently ignored.
 */
export async function openRedis(url: string): Promise<Redis> {
  const probe = new Standalone(url, { ...behaviour('stores'), lazyConnect: true });
  // Without a listener, a dropped connection is an unhandled 'error' event that kills the process.
  probe.on('error', () => undefined);
  await probe.connect();
  if (!(await isClusterNode(probe))) return probe;
  probe.disconnect();
  const { db } = probe.options;
  if (db) throw new Error(`REDIS_URL names database ${db}, but a Redis Cluster has database 0 only`);
  const cluster = clusterClient([seedOf(probe.options)], probe.options, 'stores');
  cluster.on('error', () => undefined);
  // Bounded: a cluster that never reports cluster_state:ok, or whose CLUSTER SLOTS names no address
  // (ioredis skips such nodes), would otherwise hold the start forever.
  if (!(await settledWithin(cluster.connect(), CLUSTER_READY_MS)) || cluster.status !== 'ready') {
    cluster.disconnect();
    throw new Error(
      `the Redis Cluster behind REDIS_URL was not ready within ${CLUSTER_READY_MS / 1000} s ` +
        '(is cluster_state ok, and does every node announce an address? A node that never met another ' +
        'announces none: set cluster-announce-ip)',
    );
  }
  return cluster;
}

/**
 * A connection for BullMQ, which wants one of its own (it must not carry an ioredis keyPrefix; its
 * own `prefix` option namespaces the keys), to the same Redis as `stores` and of the same kind.
 */
export function openQueueRedis(stores: Redis, use: 'producer' | 'worker'): Redis {
  const redis =
    stores instanceof Cluster
      ? clusterClient(
          stores.nodes('all').map((node) => seedOf(node.options)),
          stores.options.redisOptions ?? {},
          use,
        )
      : new Standalone({ ...stores.options, ...behaviour(use), lazyConnect: false });
  redis.on('error', () => undefined);
  return redis;
}
