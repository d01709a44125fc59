import { EventEmitter } from 'node:events';
import { createReadStream, writeSync, writevSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  type ListFilter,
  type MailboxFlag,
  type MailboxStore,
  type MessageMeta,
  type NewMessage,
  normalizeAddress,
} from '../mailbox.store';
import { INDEX_VERSION, type IndexRecord, type Location, encodeRecords, parseIndex } from './index-log';
import { SpooledBody, spoolPath } from './spooled-body';

export interface FileMailboxOptions {
  /** DATA_DIR/mailbox */
  dir: string;
  /** Oldest messages are dropped past this many (MAILBOX_MAX_MESSAGES). */
  maxMessages: number;
  /** A new segment file is started once the current one is this big. */
  segmentBytes?: number;
  log?: Logger;
}

type Job =
  | { kind: 'append'; message: NewMessage; done: Deferred<MessageMeta> }
  | { kind: 'record'; record: IndexRecord; done: Deferred<void> }
  | { kind: 'clear'; done: Deferred<void> };

/** A batch whose bytes are durable in the segment, waiting for its index lines (see flushLoop). */
interface Prepared {
  jobs: Job[];
  records: IndexRecord[];
  appended: MessageMeta[];
  /** The segment size before this batch, to rewind to if it fails. */
  startSize: number;
}

interface Deferred<T> {
  resolve(value: T): void;
  reject(err: unknown): void;
}

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
const COPY_CHUNK = 1024 * 1024;

/**
 * The durable mailbox store (see docs/mailbox.md):
 * - message bytes are appended to segment files (`segments/000001.seg`, …);
 * - metadata goes to an append-only JSON-lines index (`index.log`) replayed at start;
 * - only metadata lives in memory, never bodies.
 *
 * Durability: `append` resolves only after the segment bytes and then the index line are
 * fdatasync'd. Concurrent appends share one pair of fdatasyncs (group commit): while one batch
 * is syncing, the next one gathers, so throughput grows with concurrency instead of being capped
 * at one message per disk flush. All writes go through that one queue, so the index order is the
 * id order and a crash can only lose a batch that was never acknowledged.
 */
export class FileMailboxStore implements MailboxStore {
  private readonly events = new EventEmitter();
  private readonly messages = new Map<number, MessageMeta>();
  private readonly locations = new Map<number, Location>();
  /** Live ids, ascending. */
  private readonly ids: number[] = [];
  /** Recipient → its live ids, ascending. */
  private readonly mailboxes = new Map<string, number[]>();
  /** id → recipient → flags; sparse (absent means no flags). */
  private readonly flagSets = new Map<number, Map<string, Set<MailboxFlag>>>();
  /** Segment number → live messages in it. */
  private readonly segmentLive = new Map<number, number>();
  private readonly pool = new StringPool();
  private queue: Job[] = [];
  private flushing = false;
  /** Wakes the flush loop when a job arrives while it waits on stage 2. */
  private arrived?: () => void;
  /** Stage-2 failures so far, and where the segment was rewound to by the last one. */
  private failures = 0;
  private rewindTo = 0;
  private spoolCounter = 0;
  private closed = false;
  private index!: FileHandle;
  private segment!: FileHandle;
  private segmentNo = 0;
  private segmentSize = 0;
  private _uidValidity = 0;
  private _nextId = 1;

  private constructor(private readonly options: FileMailboxOptions & { segmentBytes: number }) {
    this.events.setMaxListeners(0);
  }

  static async open(options: FileMailboxOptions): Promise<FileMailboxStore> {
    const store = new FileMailboxStore({ segmentBytes: DEFAULT_SEGMENT_BYTES, ...options });
    await store.load();
    return store;
  }

  get uidValidity(): number {
    return this._uidValidity;
  }

  get nextId(): number {
    return this._nextId;
  }

  private get dir(): string {
    return this.options.dir;
  }
  private get indexPath(): string {
    return path.join(this.dir, 'index.log');
  }
  private get spoolDir(): string {
    return path.join(this.dir, 'spool');
  }
  private segmentPath(n: number): string {
    return path.join(this.dir, 'segments', `${String(n).padStart(6, '0')}.seg`);
  }

  // ---------------------------------------------------------------- start-up

  private async load(): Promise<void> {
    await mkdir(path.join(this.dir, 'segments'), { recursive: true });
    // Spool files belong to sessions that never got a 250: nothing refers to them.
    await rm(this.spoolDir, { recursive: true, force: true });
    await mkdir(this.spoolDir, { recursive: true });

    let data: Buffer | undefined;
    try {
      data = await readFile(this.indexPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    let recordCount = 0;
    if (data === undefined) {
      this._uidValidity = Math.floor(Date.now() / 1000);
      await this.writeFreshIndex([]);
    } else {
      const parsed = parseIndex(data);
      if (parsed.skipped > 0)
        this.options.log?.warn({ skipped: parsed.skipped }, 'mailbox index: unreadable lines skipped');
      for (const record of parsed.records) this.replay(record);
      recordCount = parsed.records.length;
      if (this._uidValidity === 0) this._uidValidity = Math.floor(Date.now() / 1000);
      this.index = await open(this.indexPath, 'r+');
      if (parsed.validLength < data.length) {
        // A torn append from a crash: never acknowledged, so cut it off before appending again.
        await this.index.truncate(parsed.validLength);
        await this.index.datasync();
      }
      await this.index.close();
      this.index = await open(this.indexPath, 'a');
    }
    await this.openSegments();
    // Keep replay fast: rewrite the index when it is mostly dead records.
    if (recordCount > 2 * this.ids.length + 1000) await this.compactIndex();
  }

  private replay(record: IndexRecord): void {
    switch (record.t) {
      case 'h':
        this._uidValidity = record.uidValidity;
        this._nextId = Math.max(this._nextId, record.nextId);
        return;
      case 'a': {
        const { t: _t, seg, off, len, ...meta } = record;
        this.insert(meta, { seg, off, len });
        this._nextId = Math.max(this._nextId, meta.id + 1);
        return;
      }
      case 'd':
        this.delete(record.id);
        return;
      case 'f':
        this.applyFlags(record.r, record.id, record.f);
        return;
      case 'x':
        this.applyExpunge(record.r, record.id);
        return;
    }
  }

  private async openSegments(): Promise<void> {
    const names = await readdir(path.join(this.dir, 'segments'));
    const numbers = names
      .map((n) => /^(\d{6})\.seg$/.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const last = numbers.at(-1) ?? 1;
    for (const n of numbers)
      if (n !== last && !this.segmentLive.get(n)) await rm(this.segmentPath(n), { force: true });
    await this.openSegment(last);
  }

  private async openSegment(n: number): Promise<void> {
    const file = this.segmentPath(n);
    const existed = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    this.segment = await open(file, existed < 0 ? 'w+' : 'r+', 0o600);
    this.segmentNo = n;
    // Bytes past the last indexed message are an unacknowledged batch: overwrite them.
    let end = 0;
    for (const [id, loc] of this.locations)
      if (loc.seg === n && this.messages.has(id)) end = Math.max(end, loc.off + loc.len);
    this.segmentSize = end;
    if (existed < 0) await syncDir(path.dirname(file));
  }

  // ---------------------------------------------------------------- memory model

  private insert(meta: MessageMeta, loc: Location): void {
    // Thousands of messages share a handful of senders, recipients and client names: keep one copy.
    meta.sender = this.pool.string(meta.sender);
    meta.recipients = this.pool.list(meta.recipients);
    if (meta.clientAddress !== undefined) meta.clientAddress = this.pool.string(meta.clientAddress);
    if (meta.helo !== undefined) meta.helo = this.pool.string(meta.helo);
    this.messages.set(meta.id, meta);
    this.locations.set(meta.id, loc);
    this.ids.push(meta.id);
    for (const r of meta.recipients) {
      const box = this.mailboxes.get(r);
      if (box) box.push(meta.id);
      else this.mailboxes.set(r, [meta.id]);
    }
    this.segmentLive.set(loc.seg, (this.segmentLive.get(loc.seg) ?? 0) + 1);
  }

  /** Returns the segment that became empty, if any. */
  private delete(id: number): number | undefined {
    const meta = this.messages.get(id);
    if (!meta) return undefined;
    this.messages.delete(id);
    removeSorted(this.ids, id);
    for (const r of meta.recipients) this.removeFromBox(r, id);
    this.flagSets.delete(id);
    const loc = this.locations.get(id) as Location;
    this.locations.delete(id);
    const live = (this.segmentLive.get(loc.seg) ?? 1) - 1;
    if (live > 0) {
      this.segmentLive.set(loc.seg, live);
      return undefined;
    }
    this.segmentLive.delete(loc.seg);
    return loc.seg;
  }

  private removeFromBox(recipient: string, id: number): void {
    const box = this.mailboxes.get(recipient);
    if (!box) return;
    removeSorted(box, id);
    if (box.length === 0) this.mailboxes.delete(recipient);
  }

  private applyFlags(recipient: string, id: number, flags: readonly MailboxFlag[]): void {
    if (!this.messages.has(id)) return;
    let byRecipient = this.flagSets.get(id);
    if (!byRecipient) this.flagSets.set(id, (byRecipient = new Map<string, Set<MailboxFlag>>()));
    byRecipient.set(recipient, new Set(flags));
  }

  private applyExpunge(recipient: string, id: number): number | undefined {
    const meta = this.messages.get(id);
    if (!meta || !meta.recipients.includes(recipient)) return undefined;
    if (meta.recipients.length === 1) return this.delete(id);
    meta.recipients = meta.recipients.filter((r) => r !== recipient);
    this.removeFromBox(recipient, id);
    this.flagSets.get(id)?.delete(recipient);
    return undefined;
  }

  // ---------------------------------------------------------------- reads

  createBody(maxBytes: number): SpooledBody {
    return new SpooledBody(spoolPath(this.spoolDir, ++this.spoolCounter), maxBytes);
  }

  get(id: number): MessageMeta | undefined {
    return this.messages.get(id);
  }

  list(filter: ListFilter): MessageMeta[] {
    const ids =
      filter.recipient === undefined
        ? this.ids
        : (this.mailboxes.get(normalizeAddress(filter.recipient)) ?? []);
    const after = filter.after ?? 0;
    const out: MessageMeta[] = [];
    const take = (id: number): boolean => {
      const meta = this.messages.get(id);
      if (meta && (!filter.where || filter.where(meta))) out.push(meta);
      return out.length < filter.limit;
    };
    if (filter.order === 'newest') {
      for (let i = ids.length - 1; i >= 0 && ids[i] > after; i--) if (!take(ids[i])) break;
    } else {
      for (let i = lowerBound(ids, after + 1); i < ids.length; i++) if (!take(ids[i])) break;
    }
    return out;
  }

  async readRaw(id: number): Promise<Buffer> {
    const loc = this.locations.get(id);
    if (!loc) throw new Error(`no message ${id}`);
    const file = await open(this.segmentPath(loc.seg), 'r');
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

  flags(recipient: string, id: number): ReadonlySet<MailboxFlag> {
    return this.flagSets.get(id)?.get(normalizeAddress(recipient)) ?? new Set();
  }

  /** Sizes of the in-memory index (lets tests prove retention keeps memory bounded). */
  get memory(): { messages: number; locations: number; mailboxes: number; flagged: number } {
    return {
      messages: this.messages.size,
      locations: this.locations.size,
      mailboxes: this.mailboxes.size,
      flagged: this.flagSets.size,
    };
  }

  /** How many onAppend listeners are registered (lets tests prove long-polls clean up). */
  get subscribers(): number {
    return this.events.listenerCount('append');
  }

  onAppend(listener: (message: MessageMeta) => void): () => void {
    this.events.on('append', listener);
    return () => this.events.off('append', listener);
  }

  // ---------------------------------------------------------------- writes (all through the queue)

  append(message: NewMessage): Promise<MessageMeta> {
    return this.enqueue<MessageMeta>((done) => ({ kind: 'append', message, done }));
  }

  setFlags(recipient: string, id: number, flags: readonly MailboxFlag[]): Promise<void> {
    return this.enqueue<void>((done) => ({
      kind: 'record',
      record: { t: 'f', id, r: normalizeAddress(recipient), f: [...new Set(flags)] },
      done,
    }));
  }

  expunge(recipient: string, id: number): Promise<void> {
    return this.enqueue<void>((done) => ({
      kind: 'record',
      record: { t: 'x', id, r: normalizeAddress(recipient) },
      done,
    }));
  }

  async remove(id: number): Promise<boolean> {
    if (!this.messages.has(id)) return false;
    await this.enqueue<void>((done) => ({ kind: 'record', record: { t: 'd', id }, done }));
    return true;
  }

  clear(): Promise<void> {
    return this.enqueue<void>((done) => ({ kind: 'clear', done }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    this.events.removeAllListeners();
    await this.index.close();
    await this.segment.close();
  }

  private enqueue<T>(make: (done: Deferred<T>) => Job): Promise<T> {
    if (this.closed) return Promise.reject(new Error('mailbox store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push(make({ resolve, reject }));
      if (!this.flushing) void this.flushLoop();
      else this.arrived?.();
    });
  }

  /**
   * Commits run as a two-stage pipeline: while one batch's index lines are written and synced
   * (stage 2), the next batch's bytes are written to the segment and synced (stage 1). The order
   * that makes a crash safe is kept: a batch's index lines are appended only after its own bytes
   * are durable and after the previous batch's index lines are durable, so the index never points
   * at bytes that might not be there, and ids stay in index order.
   */
  private async flushLoop(): Promise<void> {
    this.flushing = true;
    // The batch in stage 2, if any.
    let publishing: Promise<void> | undefined;
    const drain = async (): Promise<void> => {
      if (publishing) await publishing;
      publishing = undefined;
    };
    const commit = async (jobs: Job[]): Promise<void> => {
      if (jobs.length === 0) return;
      const failuresBefore = this.failures;
      const prepared = await this.prepare(jobs);
      // Stage 1 of this batch overlapped stage 2 of the one before; now wait for that one.
      await drain();
      if (this.failures !== failuresBefore) {
        // It failed while this batch was written after it: rewind past both, fail this one too.
        this.segmentSize = this.rewindTo;
        if (prepared) this.fail(prepared.jobs, new Error('an earlier mailbox commit failed'));
        return;
      }
      if (prepared) publishing = this.publish(prepared);
    };
    try {
      do {
        while (this.queue.length > 0) {
          const batch = this.queue;
          this.queue = [];
          // A clear is a barrier: commit what came before it, then clear, then the rest.
          let run: Job[] = [];
          for (const job of batch) {
            if (job.kind !== 'clear') {
              run.push(job);
              continue;
            }
            await commit(run);
            await drain();
            run = [];
            await this.runClear(job);
          }
          await commit(run);
          // Let the next batch gather while this one is in stage 2, and start on it as soon as
          // the first job arrives rather than when this one is done.
          if (this.queue.length === 0 && publishing)
            await Promise.race([publishing, new Promise<void>((resolve) => (this.arrived = resolve))]);
        }
        await drain();
      } while (this.queue.length > 0);
    } finally {
      this.arrived = undefined;
      this.flushing = false;
    }
  }

  /** Stage 1: ids assigned, bytes written to the segment and fdatasync'd. Undefined if it failed. */
  private async prepare(jobs: Job[]): Promise<Prepared | undefined> {
    const startSize = this.segmentSize;
    try {
      if (this.segmentSize >= this.options.segmentBytes && jobs.some((j) => j.kind === 'append'))
        await this.rotate();
      const records: IndexRecord[] = [];
      const appended: MessageMeta[] = [];
      let position = this.segmentSize;
      // In-memory bodies of the batch go out in one writev, not one write each.
      const pending = new BatchWriter(this.segment, position);
      for (const job of jobs) {
        if (job.kind === 'record') {
          records.push(job.record);
          continue;
        }
        if (job.kind !== 'append') continue;
        const { message } = job;
        const body = message.body as SpooledBody;
        const bytes = body.inMemory();
        let len: number;
        if (bytes) {
          pending.add(bytes);
          len = bytes.length;
        } else {
          pending.flush();
          len = await this.copyBody(body, position);
          pending.skip(len);
        }
        const meta: MessageMeta = {
          id: this._nextId++,
          sender: message.sender,
          recipients: [...new Set(message.recipients.map(normalizeAddress))],
          receivedAt: new Date().toISOString(),
          size: len,
          ...message.summary,
        };
        records.push({ t: 'a', ...meta, seg: this.segmentNo, off: position, len });
        appended.push(meta);
        position += len;
      }
      pending.flush();
      if (appended.length > 0) await this.segment.datasync();
      // The next batch's bytes go after these, even before these are indexed.
      this.segmentSize = position;
      return { jobs, records, appended, startSize };
    } catch (err) {
      // Nothing of this batch was acknowledged; the next batch overwrites any bytes written.
      this.segmentSize = startSize;
      this.fail(jobs, err);
      return undefined;
    }
  }

  /** Stage 2: retention, index lines appended and fdatasync'd, then memory, answers and events. */
  private async publish(batch: Prepared): Promise<void> {
    const { jobs, records, appended } = batch;
    try {
      // Retention: drop the oldest so that at most maxMessages stay after this batch.
      const excess = this.ids.length + appended.length - this.options.maxMessages;
      const dropped = excess > 0 ? this.ids.slice(0, excess) : [];
      const droppedNew = excess > this.ids.length ? appended.slice(0, excess - this.ids.length) : [];
      for (const id of [...dropped, ...droppedNew.map((m) => m.id)]) records.push({ t: 'd', id });

      const lines = encodeRecords(records);
      // Into the page cache at once (tens of µs): only the fdatasync is worth a trip to the pool.
      writeAllSync(this.index.fd, lines);
      await this.index.datasync();

      const emptied: number[] = [];
      for (const record of records) {
        const seg = this.applyRecord(record);
        if (seg !== undefined) emptied.push(seg);
      }
      for (const job of jobs) if (job.kind === 'record') job.done.resolve();
      let i = 0;
      for (const job of jobs) if (job.kind === 'append') job.done.resolve(appended[i++]);
      for (const meta of appended) if (this.messages.has(meta.id)) this.events.emit('append', meta);
      await this.discardBodies(jobs);
      await this.removeSegments(emptied);
    } catch (err) {
      // Rewind to this batch's start: its bytes and any later batch's are overwritten next.
      this.failures++;
      this.rewindTo = batch.startSize;
      this.segmentSize = batch.startSize;
      this.fail(jobs, err);
    }
  }

  private fail(jobs: Job[], err: unknown): void {
    this.options.log?.error({ err }, 'mailbox commit failed');
    for (const job of jobs) job.done.reject(err);
    void this.discardBodies(jobs);
  }

  private async discardBodies(jobs: Job[]): Promise<void> {
    for (const job of jobs)
      if (job.kind === 'append') await job.message.body.discard().catch(() => undefined);
  }

  private applyRecord(record: IndexRecord): number | undefined {
    switch (record.t) {
      case 'a': {
        const { t: _t, seg, off, len, ...meta } = record;
        this.insert(meta, { seg, off, len });
        return undefined;
      }
      case 'd':
        return this.delete(record.id);
      case 'f':
        this.applyFlags(record.r, record.id, record.f);
        return undefined;
      case 'x':
        return this.applyExpunge(record.r, record.id);
      case 'h':
        return undefined;
    }
  }

  /** Copies a received body into the active segment at `position`; returns its length. */
  private async copyBody(body: SpooledBody, position: number): Promise<number> {
    const bytes = body.inMemory();
    if (bytes) {
      await writeAll(this.segment, bytes, position);
      return bytes.length;
    }
    let len = 0;
    const stream = createReadStream(body.spoolFile as string, { highWaterMark: COPY_CHUNK });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      await writeAll(this.segment, chunk, position + len);
      len += chunk.length;
    }
    return len;
  }

  private async rotate(): Promise<void> {
    await this.segment.close();
    await this.openSegment(this.segmentNo + 1);
  }

  private async removeSegments(segments: number[]): Promise<void> {
    for (const n of segments) {
      if (n === this.segmentNo) continue;
      await rm(this.segmentPath(n), { force: true }).catch((err: unknown) =>
        this.options.log?.warn({ err, segment: n }, 'mailbox: could not remove an empty segment'),
      );
    }
  }

  private async runClear(job: Extract<Job, { kind: 'clear' }>): Promise<void> {
    try {
      await this.writeFreshIndex([]);
      this.messages.clear();
      this.locations.clear();
      this.ids.length = 0;
      this.mailboxes.clear();
      this.flagSets.clear();
      this.segmentLive.clear();
      const old = this.segmentNo;
      await this.segment.close();
      await this.openSegment(old + 1);
      for (const name of await readdir(path.join(this.dir, 'segments'))) {
        if (name !== path.basename(this.segmentPath(this.segmentNo)))
          await rm(path.join(this.dir, 'segments', name), { force: true });
      }
      job.done.resolve();
    } catch (err) {
      job.done.reject(err);
    }
  }

  /** Rewrites the index holding only live state (used at start-up when it is mostly dead lines). */
  private async compactIndex(): Promise<void> {
    const records: IndexRecord[] = [];
    for (const id of this.ids) {
      const meta = this.messages.get(id) as MessageMeta;
      records.push({ t: 'a', ...meta, ...(this.locations.get(id) as Location) });
      for (const [r, f] of this.flagSets.get(id) ?? []) records.push({ t: 'f', id, r, f: [...f] });
    }
    await this.writeFreshIndex(records);
  }

  /** Atomically replaces index.log (write, fsync, rename, fsync dir) and opens it for appends. */
  private async writeFreshIndex(records: IndexRecord[]): Promise<void> {
    const header: IndexRecord = {
      t: 'h',
      v: INDEX_VERSION,
      uidValidity: this._uidValidity,
      nextId: this._nextId,
    };
    const tmp = `${this.indexPath}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    try {
      const bytes = encodeRecords([header, ...records]);
      await writeAll(file, bytes, 0);
      await file.datasync();
    } finally {
      await file.close();
    }
    if (this.index) await this.index.close().catch(() => undefined);
    await rename(tmp, this.indexPath);
    await syncDir(this.dir);
    this.index = await open(this.indexPath, 'a');
  }
}

/**
 * Shared copies of strings and string lists that repeat across messages (envelope addresses,
 * client names). Bounded: when full it starts over, which only costs some sharing. Lists are
 * never changed in place by the store (an expunge assigns a new list), so sharing them is safe.
 */
class StringPool {
  private static readonly LIMIT = 4096;
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();

  string(value: string): string {
    const hit = this.strings.get(value);
    if (hit !== undefined) return hit;
    if (this.strings.size >= StringPool.LIMIT) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  list(values: string[]): string[] {
    const key = values.join('\n');
    const hit = this.lists.get(key);
    if (hit) return hit;
    if (this.lists.size >= StringPool.LIMIT) this.lists.clear();
    const shared = values.map((v) => this.string(v));
    this.lists.set(key, shared);
    return shared;
  }
}

/**
 * Gathers consecutive buffers for one position and writes them with as few writev calls as
 * possible, synchronously: a batch is tens of KiB into the page cache, far cheaper than a round
 * trip through the libuv pool (and, on a busy machine, the wait for it); the fdatasync that
 * follows is what takes time, and it stays asynchronous.
 */
class BatchWriter {
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
function writeAllSync(fd: number, bytes: Buffer, position?: number): void {
  let done = 0;
  while (done < bytes.length) {
    const at = position === undefined ? null : position + done;
    done += writeSync(fd, bytes, done, bytes.length - done, at);
  }
}

async function writeAll(file: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** Makes a created or renamed directory entry durable. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeSorted(sorted: number[], value: number): void {
  const i = lowerBound(sorted, value);
  if (sorted[i] === value) sorted.splice(i, 1);
}
