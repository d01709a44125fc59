/**
 * Coalesces many small calls into one batched call, the way a database group-commits: the first
 * call runs at once on its own; calls that arrive while a batch is running wait and go together
 * in the next one (at most `maxBatch`). An idle system pays no extra latency, a busy one pays one
 * round trip per batch instead of one per call. Each caller gets its own item's result, or the
 * batch's error.
 */
export class GroupCommit<I, O> {
  private pending: Array<{ item: I; resolve: (o: O) => void; reject: (err: unknown) => void }> = [];
  private running = false;

  constructor(
    /** Returns one result per item, in the same order. */
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) void this.drain();
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
