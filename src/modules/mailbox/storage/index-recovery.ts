import { type AppendRecord, type IndexRecord, type ParsedIndex } from './index-log';

/**
 * Decides, at start-up, which index lines describe a commit that may be replayed (docs/mailbox.md,
 * "Restart"). A commit writes a batch's message bytes and index lines, then syncs segment and
 * index in one round, and answers 250 only after both syncs returned. A crash during that round can
 * leave any part of the batch on disk: some index pages, some segment pages, in any combination.
 *
 * - Everything before the highest watermark is trusted: a watermark is written only once the
 *   bytes before it were durable. The first batch of a file is trusted too: it is written whole,
 *   synced, and only then renamed into place (a rewrite).
 * - Each batch after it is replayed only if it is whole (every line readable, as many as its
 *   watermark line counts) and every message it adds reads back with its CRC. The first batch
 *   that fails ends the log: it and everything after it is cut off. None of it was acknowledged:
 *   a batch is answered only after its own sync round, which makes every earlier write durable, so
 *   an acknowledged batch is whole and comes before any that is not.
 * - A torn batch *before* the watermark is damage to durable data, not a commit cut short: its
 *   readable lines are replayed and the rest counted, as version 1 always did.
 *
 * A batch whose lines and bytes all reached the disk is kept although its sender may have had no
 * 250: SMTP senders retry, so that is a duplicate, never a loss.
 */

export interface Recovery {
  /** The lines to replay, in order (watermarks left out). */
  records: IndexRecord[];
  /** Index length to keep; anything after it is cut off before appending again. */
  validLength: number;
  /** Unreadable lines in trusted batches, skipped. */
  skipped: number;
  /** Commits cut short by a crash and dropped (an unclosed tail counts as one). */
  dropped: number;
  /** Segments read to verify a batch: sync them before a new watermark vouches for those bytes. */
  verifiedSegments: Set<number>;
}

/** True when the message's bytes are in its segment and match its CRC. */
export type VerifyMessage = (record: AppendRecord) => Promise<boolean>;

export async function recoverIndex(parsed: ParsedIndex, verify: VerifyMessage): Promise<Recovery> {
  const { batches } = parsed;
  const recovery: Recovery = {
    records: [],
    validLength: 0,
    skipped: 0,
    dropped: parsed.tailStart < parsed.length ? 1 : 0,
    verifiedSegments: new Set(),
  };
  if (parsed.legacy) {
    const [all] = batches;
    return { ...recovery, records: all.records, validLength: all.end, skipped: all.unreadable, dropped: 0 };
  }
  let trusted = batches.length > 0 ? batches[0].end : 0;
  for (const batch of batches) if (!batch.torn) trusted = Math.max(trusted, batch.durable);

  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i];
    const replay = batch.end <= trusted || (!batch.torn && (await verified(batch.records, verify, recovery)));
    if (!replay) {
      recovery.dropped += batches.length - i;
      recovery.validLength = batch.start;
      return recovery;
    }
    if (batch.end <= trusted) recovery.skipped += batch.unreadable;
    recovery.records.push(...batch.records);
    recovery.validLength = batch.end;
  }
  return recovery;
}

async function verified(records: IndexRecord[], verify: VerifyMessage, recovery: Recovery): Promise<boolean> {
  for (const record of records) {
    if (record.t !== 'a') continue;
    // A message line without a CRC is never written after the watermark: it cannot be checked.
    if (record.c === undefined || !(await verify(record))) return false;
    recovery.verifiedSegments.add(record.seg);
  }
  return true;
}
