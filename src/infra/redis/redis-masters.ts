import type { Cluster, Redis } from './redis';

type Node = ReturnType<Cluster['nodes']>[number];

/** Whether `redis` is a Cluster client (a type test only: importing ioredis here would load it). */
export function isCluster(redis: Redis): redis is Cluster {
  return redis.isCluster;
}

/** The servers that hold mailgate's data: the one server, or every master the cluster client knows. */
export function mastersOf(redis: Redis): Node[] {
  return isCluster(redis) ? redis.nodes('master') : [redis];
}

/**
 * How many of the masters that hold mailgate's keys do not answer PING, of how many. On a
 * cluster these are the owners of the slot table's slots: ioredis drops a node whose connection
 * broke (and connects again on the next slot refresh or redirection), so a master missing from
 * its pool counts as down, not as absent.
 */
export async function unreachableMasters(redis: Redis): Promise<{ down: number; of: number }> {
  if (!isCluster(redis)) {
    const answered = await redis.ping().then(
      () => true,
      () => false,
    );
    return { down: answered ? 0 : 1, of: 1 };
  }
  const connected = new Map(redis.nodes('master').map((n) => [`${n.options.host}:${n.options.port}`, n]));
  const owners = new Set(redis.slots.flatMap((nodes) => (nodes?.[0] ? [nodes[0]] : [])));
  if (owners.size === 0) return { down: 1, of: 1 }; // no slot table yet: nothing is reachable
  const answers = await Promise.all(
    [...owners].map((owner) =>
      (connected.get(owner)?.ping() ?? Promise.reject(new Error('not connected'))).then(
        () => true,
        () => false,
      ),
    ),
  );
  return { down: answers.filter((ok) => !ok).length, of: owners.size };
}
