import type { MailboxFlag, MessageMeta } from '../mailbox.store';

/**
 * The metadata index: one JSON object per line, appended and fdatasync'd in the same group commit
 * as the segment bytes it points to. Replaying it at start rebuilds the in-memory metadata.
 * A torn last line (a crash mid-append) is cut off: it was never acknowledged.
 */

export const INDEX_VERSION = 1;

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
  | ({ t: 'a' } & MessageMeta & Location)
  | { t: 'd'; id: number }
  | { t: 'f'; id: number; r: string; f: MailboxFlag[] }
  | { t: 'x'; id: number; r: string }
  /** IMAP \Recent: ids up to `u` in recipient `r`'s mailbox have been recent in some session. */
  | { t: 'r'; r: string; u: number };

export function encodeRecords(records: readonly IndexRecord[]): Buffer {
  return Buffer.from(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
}

export interface ParsedIndex {
  records: IndexRecord[];
  /** Byte length of the complete lines; anything after it is a torn write to cut off. */
  validLength: number;
  /** Lines that did not parse (corruption, not a torn tail); skipped. */
  skipped: number;
}

export function parseIndex(data: Buffer): ParsedIndex {
  const end = data.lastIndexOf(0x0a) + 1;
  const records: IndexRecord[] = [];
  let skipped = 0;
  let start = 0;
  while (start < end) {
    const nl = data.indexOf(0x0a, start);
    const line = data.subarray(start, nl).toString('utf8');
    start = nl + 1;
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as IndexRecord;
      if (typeof parsed === 'object' && parsed !== null && typeof parsed.t === 'string') records.push(parsed);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, validLength: end, skipped };
}
