import { createReadStream, writeSync, writevSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { Location } from './index-log';

/** File I/O of the mailbox store: batched segment writes, spooled-body copies, checked reads. */

const COPY_CHUNK = 1024 * 1024;

/**
 * Gathers consecutive buffers for one position and writes them with as few writev calls as
 * possible, synchronously: a batch is tens of KiB into the page cache, far cheaper than a round
 * trip through the libuv pool (and, on a busy machine, the wait for it); the fdatasync that
 * follows is what takes time, and it stays asynchronous.
 */
export class BatchWriter {
  private buffers: Buffer[] = [];

  constructor(
    private readonly file: FileHandle,
    private position: number,
  ) {}

  add(buffer: Buffer): void {
    this.buffers.push(buffer);
  }

  /** Bytes written elsewhere (a spooled body copied directly) move the position on. */
  skip(length: number): void {
    this.position += length;
  }

  flush(): void {
    while (this.buffers.length > 0) {
      // IOV_MAX is 1024 on Linux; stay well below it.
      const chunk = this.buffers.splice(0, 512);
      const length = chunk.reduce((n, b) => n + b.length, 0);
      const written = writevSync(this.file.fd, chunk, this.position);
      // A short write (rare on a regular file) finishes with plain writes.
      if (written < length)
        writeAllSync(this.file.fd, Buffer.concat(chunk).subarray(written), this.position + written);
      this.position += length;
    }
  }
}

/** Writes all of `bytes` at `position` (or appends, for a file opened with 'a', when absent). */
export function writeAllSync(fd: number, bytes: Buffer, position?: number): void {
  let done = 0;
  while (done < bytes.length) {
    const at = position === undefined ? null : position + done;
    done += writeSync(fd, bytes, done, bytes.length - done, at);
  }
}

export async function writeAll(file: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** Makes a created or renamed directory entry durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies a spool file into `file` at `position`; its length and CRC-32. */
export async function copySpooled(
  file: FileHandle,
  spoolFile: string,
  position: number,
): Promise<{ len: number; crc: number }> {
  let len = 0;
  let crc = 0;
  const stream = createReadStream(spoolFile, { highWaterMark: COPY_CHUNK });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    await writeAll(file, chunk, position + len);
    crc = crc32(chunk, crc);
    len += chunk.length;
  }
  return { len, crc };
}

/** The bytes at `loc` in the segment file; throws when the file is shorter. */
export async function readAt(segmentFile: string, loc: Location): Promise<Buffer> {
  const file = await open(segmentFile, 'r');
  try {
    const buf = Buffer.alloc(loc.len);
    let done = 0;
    while (done < loc.len) {
      const { bytesRead } = await file.read(buf, done, loc.len - done, loc.off + done);
      if (bytesRead === 0) throw new Error(`segment ${loc.seg} is shorter than its index says`);
      done += bytesRead;
    }
    return buf;
  } finally {
    await file.close();
  }
}

/** True when the segment holds bytes at `loc` whose CRC-32 is `crc` (a missing file is false). */
export async function holdsIntact(segmentFile: string, loc: Location, crc: number): Promise<boolean> {
  try {
    return crc32(await readAt(segmentFile, loc)) === crc;
  } catch {
    return false;
  }
}

/** fdatasync of a file by name (bytes read back at start-up, before a new watermark vouches for them). */
export async function syncFile(name: string): Promise<void> {
  const handle = await open(name, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
