import { OwnRedis } from './redis-server';

const SLOTS = 16384;

/**
 * A private Redis Cluster of `masters` redis-server processes (no replicas) on free ports, built by
 * hand as `redis-cli --cluster create` would: each node gets an equal range of slots
 * (CLUSTER ADDSLOTSRANGE), the others are introduced to the first (CLUSTER MEET), and it is ready
 * once every node says `cluster_state:ok`. Each node keeps its nodes.conf (and AOF) in its own
 * directory, so a killed node restarted on its port rejoins with its slots and its data.
 */
export class OwnRedisCluster {
  private constructor(readonly nodes: OwnRedis[]) {}

  /**
   * `nodeTimeoutMs`: how long a silent master stays a member before the others mark it failed; with
   * full coverage required (Redis' default) the whole cluster then answers CLUSTERDOWN.
   */
  static async start(masters = 3, nodeTimeoutMs = 30_000): Promise<OwnRedisCluster> {
    const args = [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      String(nodeTimeoutMs),
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
    ];
    const nodes: OwnRedis[] = [];
    try {
      for (let i = 0; i < masters; i++) nodes.push(await OwnRedis.start(args));
      const cluster = new OwnRedisCluster(nodes);
      await cluster.form();
      return cluster;
    } catch (err) {
      await Promise.all(nodes.map((n) => n.stop()));
      throw err;
    }
  }

  /** A URL naming one node, as REDIS_URL would. */
  get url(): string {
    return this.nodes[0].url;
  }

  private async form(): Promise<void> {
    const per = Math.ceil(SLOTS / this.nodes.length);
    await Promise.all(
      this.nodes.map((node, i) =>
        node.client(async (r) => {
          await r.call(
            'CLUSTER',
            'ADDSLOTSRANGE',
            String(i * per),
            String(Math.min(SLOTS, (i + 1) * per) - 1),
          );
          if (i > 0) await r.call('CLUSTER', 'MEET', '127.0.0.1', String(this.nodes[0].port));
        }),
      ),
    );
    await this.waitUntilOk();
  }

  /** Until every running node reports `cluster_state:ok` and knows every other node. */
  async waitUntilOk(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(
        this.nodes.map((n) =>
          n
            .client(async (r) => {
              const info = (await r.call('CLUSTER', 'INFO')) as string;
              return (
                /cluster_state:ok/.test(info) && info.includes(`cluster_known_nodes:${this.nodes.length}`)
              );
            })
            .catch(() => false),
        ),
      );
      if (states.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not come up');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The node that owns `key`'s slot (asked of the server, not computed here). */
  async ownerOf(key: string): Promise<OwnRedis> {
    const slot = Number(await this.nodes[0].client((r) => r.call('CLUSTER', 'KEYSLOT', key)));
    return this.nodes[Math.floor(slot / Math.ceil(SLOTS / this.nodes.length))];
  }

  /** Every key matching `pattern`, per node. */
  async keysPerNode(pattern: string): Promise<string[][]> {
    return Promise.all(this.nodes.map((n) => n.client((r) => r.keys(pattern))));
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}
