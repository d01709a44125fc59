import { createReadStream } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { IncomingBody } from '../mailbox.store';

/** Messages up to this size stay in memory while they are received; larger ones go to a spool file. */
export const MEMORY_THRESHOLD = 256 * 1024;

/**
 * Receives one message body. Memory per in-flight message is bounded by MEMORY_THRESHOLD; the spool
 * file is bounded by maxBytes (bytes past it are only counted, so a flood cannot fill the disk).
 * The spool file is scratch space: durability comes from the copy into a segment (see the store).
 */
export class SpooledBody implements IncomingBody {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private file?: FileHandle;
  private written = 0;
  private count = 0;
  private over = false;

  constructor(
    private readonly spoolPath: string,
    private readonly maxBytes: number,
  ) {}

  get received(): number {
    return this.count;
  }

  get overflowed(): boolean {
    return this.over;
  }

  /** Bytes kept (min of received and maxBytes). */
  get size(): number {
    return this.buffered + this.written;
  }

  /** The whole body when it never left memory. */
  inMemory(): Buffer | undefined {
    return this.file ? undefined : Buffer.concat(this.chunks, this.buffered);
  }

  get spoolFile(): string | undefined {
    return this.file ? this.spoolPath : undefined;
  }

  async write(chunk: Buffer): Promise<void> {
    this.count += chunk.length;
    if (this.over) return;
    const room = this.maxBytes - this.size;
    if (chunk.length > room) {
      this.over = true;
      chunk = chunk.subarray(0, Math.max(0, room));
    }
    if (chunk.length === 0) return;
    if (!this.file && this.buffered + chunk.length <= MEMORY_THRESHOLD) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      return;
    }
    if (!this.file) {
      this.file = await open(this.spoolPath, 'w', 0o600);
      const head = Buffer.concat(this.chunks, this.buffered);
      this.chunks = [];
      this.buffered = 0;
      await this.file.write(head, 0, head.length, 0);
      this.written = head.length;
    }
    await this.file.write(chunk, 0, chunk.length, this.written);
    this.written += chunk.length;
  }

  open(): Readable {
    if (!this.file) return Readable.from([Buffer.concat(this.chunks, this.buffered)]);
    return createReadStream(this.spoolPath, { start: 0, end: Math.max(0, this.written - 1) });
  }

  async discard(): Promise<void> {
    this.chunks = [];
    this.buffered = 0;
    const file = this.file;
    this.file = undefined;
    this.written = 0;
    if (file) {
      await file.close().catch(() => undefined);
      await rm(this.spoolPath, { force: true });
    }
  }
}

export function spoolPath(dir: string, n: number): string {
  return path.join(dir, `${process.pid}-${n}.eml`);
}
