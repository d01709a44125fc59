import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../../core/tokens';
import { type ClaimedMessage, OutboxStore } from '../outbox/outbox.store';
import { MAIL_QUEUE } from '../queue/mail-queue.port';
import type { PollingMailQueue } from '../queue/polling.mail-queue';
import { MailDelivery } from './mail.delivery';
import { RETRY } from './retry.policy';

export const WORKER = {
  /** Sends in flight at once. */
  concurrency: 8,
  /** How long a claim lasts; longer than any send can take (the SMTP timeouts add up to well under it). */
  leaseMs: 2 * 60_000,
  /** Polling when nobody calls wake(): due retries and other processes' messages are found this fast. */
  pollMs: 1_000,
  /** At shutdown, how long in-flight sends may take to finish before their messages are released. */
  drainMs: 10_000,
} as const;

/**
 * The embedded profile's worker: polls the outbox table. Claims due messages (and reclaims ones
 * whose worker died) and hands each to MailDelivery (render, send, record). Several workers could
 * share the table safely (SKIP LOCKED), but the distributed profile uses the BullMQ consumer
 * (queue.worker.ts) instead.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private readonly inFlight = new Map<string, { message: ClaimedMessage; done: Promise<void> }>();
  private tickPromise?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private lastRecovery = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly delivery: MailDelivery,
    @Inject(MAIL_QUEUE) private readonly queue: PollingMailQueue,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.queue.onWork(() => this.wake());
    this.wake();
  }

  /** Claims now (coalesced: a wake during a claim makes one more claim, not many). */
  wake(): void {
    if (!this.running) return;
    if (this.tickPromise) {
      this.again = true;
      return;
    }
    this.tickPromise = this.tick().finally(() => {
      this.tickPromise = undefined;
      // A wake that arrived after the last claim of that tick must not wait for the next poll.
      if (this.again) this.wake();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.queue.onWork(undefined);
    clearTimeout(this.timer);
    await this.tickPromise;
    let bound: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.allSettled([...this.inFlight.values()].map((f) => f.done)).then(() => true),
      new Promise<false>((resolve) => (bound = setTimeout(resolve, WORKER.drainMs, false))),
    ]);
    clearTimeout(bound);
    if (!drained) {
      // Give the rest back now rather than let them wait out their lease: another process (or this
      // one, restarted) sends them. If a send did go through meanwhile, that is a duplicate with the
      // same Message-ID, which is the at-least-once promise.
      for (const { message } of this.inFlight.values())
        await this.store
          .release(message)
          .catch((err: unknown) => this.log.error({ err }, 'mail release failed'));
      this.log.warn({ released: this.inFlight.size }, 'mail worker stopped with sends in flight');
    }
    await this.delivery.close();
  }

  private async tick(): Promise<void> {
    clearTimeout(this.timer);
    let next: number = WORKER.pollMs;
    try {
      do {
        this.again = false;
        if (Date.now() - this.lastRecovery >= WORKER.pollMs) {
          this.lastRecovery = Date.now();
          const recovered = await this.store.recoverExpiredLeases(RETRY.maxAttempts);
          if (recovered > 0) this.log.warn({ recovered }, 'mail: reclaimed messages whose lease expired');
        }
        const transport = this.delivery.transportName;
        const free = this.delivery.pause.allowance(transport, this.inFlight.size, WORKER.concurrency);
        if (free <= 0) {
          // A finishing send wakes us; a pause ending does not, so look again when it ends.
          const until = this.delivery.pause.pausedUntil(transport);
          if (until !== undefined) next = Math.max(1, Math.min(next, until - Date.now()));
          break;
        }
        const claimed = await this.store.claim(free, WORKER.leaseMs);
        for (const message of claimed) {
          if (this.running) this.start(message);
          else await this.store.release(message);
        }
        if (claimed.length === free) this.again = true; // there may be more due
      } while (this.again && this.running);
    } catch (err) {
      if (this.running) this.log.error({ err }, 'mail worker could not claim messages');
    } finally {
      // Not unref'd: a worker-only process (`mailgate worker`) has nothing else keeping it alive.
      if (this.running) this.timer = setTimeout(() => this.wake(), next);
    }
  }

  private start(message: ClaimedMessage): void {
    const done = this.delivery
      .deliver(message)
      .then(() => undefined)
      .catch((err: unknown) =>
        this.log.error({ err, mailId: message.id }, 'mail delivery bookkeeping failed'),
      )
      .finally(() => {
        this.inFlight.delete(message.id);
        this.wake();
      });
    this.inFlight.set(message.id, { message, done });
  }
}
