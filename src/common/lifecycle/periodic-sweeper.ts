import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

/** How often housekeeping runs: expired rows are already ignored by reads, so this only bounds growth. */
export const SWEEP_EVERY_MS = 60_000;

/**
 * Deletes expired rows once a minute while the app runs (pending signups, rate-limit windows,
 * idempotency keys), so the stores do not grow without end. A failed sweep is logged and retried
 * at the next tick; the timer never keeps the process alive.
 */
export abstract class PeriodicSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  protected constructor(
    protected readonly log: Logger,
    /** What is swept, for the log lines ("expired pending signups"). */
    private readonly what: string,
  ) {}

  /** Deletes what has expired; returns how many rows went. */
  protected abstract remove(): Promise<number>;

  /** False when the store expires records by itself (Redis TTLs): then nothing is scheduled. */
  protected needed(): boolean {
    return true;
  }

  onApplicationBootstrap(): void {
    if (!this.needed()) return;
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const removed = await this.remove();
      if (removed > 0) this.log.debug({ removed }, `${this.what} swept`);
      return removed;
    } catch (err) {
      this.log.warn({ err }, `sweeping ${this.what} failed`);
      return 0;
    }
  }
}
