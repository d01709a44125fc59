import type { MailQueue } from './mail-queue.port';

/**
 * The embedded profile's queue: the outbox table itself, polled by the in-process worker
 * (worker/mail.worker.ts), which subscribes here to be woken without waiting for its next poll.
 */
export class PollingMailQueue implements MailQueue {
  readonly kind = 'polling';
  private listener?: () => void;

  /** The local worker registers itself; a process without one (an api role) just has no listener. */
  onWork(listener: (() => void) | undefined): void {
    this.listener = listener;
  }

  enqueued(): void {
    // The row is in the table the worker polls, and the caller's wake() follows the commit.
  }

  wake(): void {
    this.listener?.();
  }
}
