/**
 * Coalesces many small calls into one batched call, the way a database group-commits. A batch
 * starts on the next turn of the event loop (setImmediate), so every call made in the current turn
 * joins it — e.g. all the requests Node parsed from the sockets that were readable together; calls
 * that arrive while a batch is running go together in the next one (at most `maxBatch` each). An
 * idle system pays one event-loop turn of latency, a busy one pays one round trip per batch instead
 * of one per call. Each caller gets its own item's result, or the batch's error.
 */
export class GroupCommit<I, O> {
  private pending: Array<{ item: I; resolve: (o: O) => void; reject: (err: unknown) => void }> = [];
  private running = false;
  private scheduled = false;

  constructor(
    /** Returns one result per item, in the same order. */
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.running || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const results = await this.run(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
