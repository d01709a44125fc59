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
import { WORKER } from './worker.limits';

// In its own file so the CLI's shutdown watchdog can read drainMs without loading the worker.
export { WORKER } from './worker.limits';

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
  /** Claimed, not yet started; `claimedAt` bounds how long a message waits here on its lease. */
  private readonly ready: Array<{ message: ClaimedMessage; claimedAt: number }> = [];
  private tickPromise?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private lastRecovery = 0;
  /**
   * The last claim took all it asked for, so more may be due: a finishing send then claims again.
   * Otherwise the queue was drained and only new work (wake() from the outbox) or the poll finds
   * more; without this flag every finished send made an empty claim, which under light load was
   * about one statement per message.
   */
  private backlog = false;
  private wakeScheduled = false;

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
    // The queue already wakes on the next turn, once per turn (polling.mail-queue.ts).
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

  /**
   * wake() on the next turn of the event loop: the sends finished by one message from the SMTP
   * thread make one claim instead of one each (a wake during a claim costs a second claim).
   */
  private wakeSoon(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.wake();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.queue.onWork(undefined);
    clearTimeout(this.timer);
    await this.tickPromise;
    // Claimed but never started: back at once, their attempts not counted.
    for (const { message } of this.ready.splice(0)) await this.release(message);
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
      for (const { message } of this.inFlight.values()) await this.release(message);
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
        this.startReady();
        const transport = this.delivery.transportName;
        const pause = this.delivery.pause;
        const until = pause.pausedUntil(transport);
        if (until !== undefined) {
          // Throttled: claim nothing and hand back what is held ready; a pause ending wakes nobody,
          // so look again when it ends.
          for (const { message } of this.ready.splice(0)) await this.release(message);
          next = Math.max(1, Math.min(next, until - Date.now()));
          break;
        }
        const held = this.inFlight.size + this.ready.length;
        // Probing after a pause: one send at a time and nothing held ready (transport-pause.ts).
        // Otherwise enough in hand: a finishing send starts the next one and wakes us when low.
        const room = pause.isOpen(transport)
          ? WORKER.concurrency + WORKER.prefetch - held
          : pause.allowance(transport, this.inFlight.size, WORKER.concurrency) - this.ready.length;
        if (room <= 0 || held > WORKER.concurrency) break;
        const claimed = await this.store.claim(room, WORKER.leaseMs);
        const claimedAt = Date.now();
        for (const message of claimed) {
          if (this.running) this.ready.push({ message, claimedAt });
          else await this.release(message);
        }
        this.startReady();
        this.backlog = claimed.length === room;
        if (this.backlog) this.again = true; // there may be more due
      } while (this.again && this.running);
    } catch (err) {
      if (this.running) this.log.error({ err }, 'mail worker could not claim messages');
    } finally {
      // Not unref'd: a worker-only process (`mailgate worker`) has nothing else keeping it alive.
      if (this.running) this.timer = setTimeout(() => this.wake(), next);
    }
  }

  /** Starts claimed messages while there is room in flight. */
  private startReady(): void {
    const pause = this.delivery.pause;
    const transport = this.delivery.transportName;
    while (
      this.running &&
      this.ready.length > 0 &&
      pause.allowance(transport, this.inFlight.size, WORKER.concurrency) > 0
    ) {
      const { message, claimedAt } = this.ready.shift() as (typeof this.ready)[number];
      // Waited half its lease here (a stalled transport): do not start a send that could outlive
      // the lease and be duplicated by a recovering worker; give it back instead.
      if (Date.now() - claimedAt > WORKER.leaseMs / 2) void this.release(message);
      else this.start(message);
    }
  }

  private release(message: ClaimedMessage): Promise<void> {
    return this.store
      .release(message)
      .catch((err: unknown) => this.log.error({ err, mailId: message.id }, 'mail release failed'));
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
        this.startReady();
        if (this.backlog && this.inFlight.size + this.ready.length <= WORKER.concurrency) this.wakeSoon();
      });
    this.inFlight.set(message.id, { message, done });
  }
}
