import net from 'node:net';

/**
 * A TCP proxy in front of a real server (the shared PostgreSQL) that a test can cut and restore,
 * to play an outage without stopping a server other engineers' tests use. `cut()` resets every
 * open connection and stops listening, as a crashed server's host would (connection refused);
 * `blackhole()` keeps every connection open but forwards nothing, as a partition that drops packets
 * without a reset would; `restore()` listens (or forwards) again on the same port.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  /** Client connections and their upstream (undefined while blackholed before it was opened). */
  private readonly pairs = new Map<net.Socket, net.Socket | undefined>();
  private silent = false;

  private constructor(
    private readonly target: { host: string; port: number },
    public port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, 0);
    await proxy.restore();
    return proxy;
  }

  async restore(): Promise<void> {
    if (this.silent) {
      this.silent = false;
      for (const client of this.pairs.keys()) this.forward(client);
    }
    if (this.server) return;
    const server = net.createServer((client) => {
      this.track(client);
      this.pairs.set(client, undefined);
      client.on('close', () => this.pairs.delete(client));
      if (!this.silent) this.forward(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Nothing passes either way from now on; connections stay open and new ones are accepted. */
  blackhole(): void {
    this.silent = true;
    for (const [client, upstream] of this.pairs) {
      if (!upstream) continue;
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  /** Pipes `client` to its upstream, opening it the first time. */
  private forward(client: net.Socket): void {
    let upstream = this.pairs.get(client);
    if (!upstream) {
      upstream = net.connect(this.target.port, this.target.host);
      this.track(upstream);
      this.pairs.set(client, upstream);
      const up = upstream;
      client.on('close', () => up.destroy());
      up.on('close', () => client.destroy());
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
    upstream.resume();
  }

  async cut(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.silent = false;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const s of this.sockets) s.resetAndDestroy();
    await closed;
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
