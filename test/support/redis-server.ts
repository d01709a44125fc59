import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** Debian's redis-server, for suites that must own a Redis (kill it, misconfigure it). */
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A port nobody listens on right now (the OS picks it; there is a small window before we bind it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A private redis-server on a free port, never the shared one: tests may kill it, restart it on the
 * same port, or give it settings the shared Redis must not have.
 */
export class OwnRedis {
  private proc?: ChildProcess;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'mailgate-redis-'));

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  /** `args` are redis-server options, e.g. ['--maxmemory-policy', 'allkeys-lru']. */
  static async start(args: string[] = []): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort(), args);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and waits until it answers PING. */
  async restart(): Promise<void> {
    if (this.proc) throw new Error('redis-server is already running');
    const defaults = ['--save', '', '--appendonly', 'no'];
    this.proc = spawn(
      REDIS_SERVER,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, ...defaults, ...this.args],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 5000;
    for (;;) {
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`redis-server on ${this.port} did not start: ${String(err)}`);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        client.disconnect();
      }
    }
  }

  /** SIGKILL, as a crash would: no goodbye to clients. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  /** A short-lived client for the test's own checks (DBSIZE, CONFIG). */
  async client<T>(fn: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: 0 });
    try {
      return await fn(redis);
    } finally {
      redis.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
