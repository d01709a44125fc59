import { availableParallelism } from 'node:os';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). Hashing happens before anything is stored,
 * so the clear password exists only for the length of the request.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * At most one argon2 job per core in flight. The hashes run on libuv's thread pool, which also
 * serves file I/O (the dev mailbox's writes and fsyncs, PGlite's files): with 16 hashes queued
 * there, a 0.2 ms fsync waits behind 16 × 25 ms of hashing and the mail worker starves (measured in
 * bench/, docs/benchmarks.md). Extra requests wait here instead, in arrival order.
 */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export class PasswordHasher {
  private readonly gate = new Gate(Math.max(1, availableParallelism()));

  /**
   * Verified against when no account matches, so "no such user" costs what "wrong password" costs.
   * Made at start-up, so not even the first unknown address pays for an extra hash.
   */
  private readonly dummy: Promise<string> = this.hash('mailgate-dummy-password');

  hash(password: string): Promise<string> {
    return this.gate.run(() => hash(password, OPTIONS));
  }

  async verify(stored: string | undefined, password: string): Promise<boolean> {
    if (stored === undefined) {
      const dummy = await this.dummy;
      await this.gate.run(() => verify(dummy, password));
      return false;
    }
    try {
      return await this.gate.run(() => verify(stored, password));
    } catch {
      return false;
    }
  }
}
