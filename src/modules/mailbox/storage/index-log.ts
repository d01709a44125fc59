import type { MailboxFlag, MessageMeta } from '../mailbox.store';

/**
 * The metadata index: one JSON object per line, replayed at start to rebuild the in-memory
 * metadata. Since version 2 it is a sequence of **batches**, one per group commit, each closed by a
 * watermark line `{t:'w', n, d}`: `n` is how many lines the batch holds before it, `d` the length
 * of the index that was already durable when the batch was written. A batch's message lines carry
 * the CRC-32 of the bytes they point at (`c`), so a commit can sync the segment and the index in
 * one round and recovery can tell a message whose bytes did not reach the disk (see
 * index-recovery.ts and docs/mailbox.md). Version 1 (no watermarks, no CRCs) was written with a
 * segment sync before every index write; it is still read, then rewritten as version 2.
 */

export const INDEX_VERSION = 2;

export interface Location {
  /** Segment number. */
  seg: number;
  /** Byte offset in the segment. */
  off: number;
  /** Length in bytes. */
  len: number;
}

export type IndexRecord =
  | { t: 'h'; v: number; uidValidity: number; nextId: number }
  /** `c`: CRC-32 of the message bytes (absent in version-1 lines and in rewritten indexes). */
  | ({ t: 'a'; c?: number } & MessageMeta & Location)
  | { t: 'd'; id: number }
  | { t: 'f'; id: number; r: string; f: MailboxFlag[] }
  | { t: 'x'; id: number; r: string }
  /** IMAP \Recent: ids up to `u` in recipient `r`'s mailbox have been recent in some session. */
  | { t: 'r'; r: string; u: number }
  /** Closes a batch of `n` lines; every index byte before offset `d` was durable when it was written. */
  | { t: 'w'; n: number; d: number };

export type AppendRecord = Extract<IndexRecord, { t: 'a' }>;

/** One commit's lines, closed by its watermark line. */
export function encodeBatch(records: readonly IndexRecord[], durable: number): Buffer {
  const mark: IndexRecord = { t: 'w', n: records.length, d: durable };
  return Buffer.from([...records, mark].map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
}

/** A batch as read back: `torn` when a line of it is unreadable or missing. */
export interface ReadBatch {
  records: IndexRecord[];
  /** Byte offsets of its first line and just past its watermark line. */
  start: number;
  end: number;
  /** Its watermark (`d`); 0 for a torn batch. */
  durable: number;
  /** Complete lines that did not parse. */
  unreadable: number;
  /** A line unreadable, or fewer lines than its watermark counts. */
  torn: boolean;
}

export interface ParsedIndex {
  /** True for a version-1 index (no watermark lines): `batches` then holds one batch of every line. */
  legacy: boolean;
  batches: ReadBatch[];
  /** Where the unclosed tail starts: lines after the last watermark (a commit cut short). */
  tailStart: number;
  length: number;
}

export function parseIndex(data: Buffer): ParsedIndex {
  const batches: ReadBatch[] = [];
  const empty = (at: number): ReadBatch => ({
    records: [],
    start: at,
    end: at,
    durable: 0,
    unreadable: 0,
    torn: false,
  });
  let current = empty(0);
  let start = 0;
  let legacy = true;
  for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
    const record = parseLine(data.subarray(start, nl));
    start = nl + 1;
    if (record === undefined) {
      current.unreadable++;
      current.torn = true;
      continue;
    }
    if (record === null) continue;
    if (record.t !== 'w') {
      current.records.push(record);
      continue;
    }
    legacy = false;
    current.end = start;
    if (current.records.length === record.n && !current.torn) current.durable = record.d;
    else current.torn = true;
    batches.push(current);
    current = empty(start);
  }
  if (legacy) {
    // Version 1: every complete line counts; only a torn last line (no newline) is cut off.
    const all = { ...current, end: start, torn: false };
    return { legacy, batches: [all], tailStart: start, length: data.length };
  }
  return { legacy, batches, tailStart: current.start, length: data.length };
}

/** A record, null for a blank line, undefined for an unreadable one. */
function parseLine(line: Buffer): IndexRecord | null | undefined {
  const text = line.toString('utf8');
  if (text.trim() === '') return null;
  try {
    const parsed = JSON.parse(text) as IndexRecord;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.t === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
