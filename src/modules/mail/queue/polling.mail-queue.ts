import type { MailQueue } from './mail-queue.port';

/**
 * The embedded profile's queue: the outbox table itself, polled by the in-process worker
 * (worker/mail.worker.ts), which subscribes here to be woken without waiting for its next poll.
 */
export class PollingMailQueue implements MailQueue {
  readonly kind = 'polling';
  private listener?: () => void;
  private waking = false;

  /** The local worker registers itself; a process without one (an api role) just has no listener. */
  onWork(listener: (() => void) | undefined): void {
    this.listener = listener;
  }

  enqueued(): void {
    // The row is in the table the worker polls, and the caller's wake() follows the commit.
  }

  /**
   * The worker claims on the next turn of the event loop, not inside the caller's: the caller is
   * usually an HTTP answer still on its way out, and the claim is a statement on the same thread
   * (and, embedded, the same database connection). An answer that queued mail would otherwise wait
   * for it, and be told apart by its time from one that did not (POST /users/password-reset).
   */
  wake(): void {
    if (this.waking || !this.listener) return;
    this.waking = true;
    setImmediate(() => {
      this.waking = false;
      this.listener?.();
    });
  }
}
