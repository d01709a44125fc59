import { EventEmitter } from 'node:events';
import { type FileHandle, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Logger } from 'pino';
import {
  type ListFilter,
  type MailboxFlag,
  type MailboxStore,
  type MessageMeta,
  type MessageSummary,
  type NewMessage,
  normalizeAddress,
} from '../mailbox.store';
import { INDEX_VERSION, type IndexRecord, type Location, encodeBatch, parseIndex } from './index-log';
import { recoverIndex } from './index-recovery';
import {
  BatchWriter,
  copySpooled,
  holdsIntact,
  readAt,
  syncDir,
  syncFile,
  writeAll,
  writeAllSync,
} from './segment-io';
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

/** A live message: what callers see (MessageMeta) plus where its bytes are. */
type StoredMessage = MessageMeta & Location;

type Job =
  | { kind: 'append'; message: NewMessage; done: Deferred<MessageMeta> }
  | { kind: 'record'; record: IndexRecord; done: Deferred<void> }
  | { kind: 'clear'; done: Deferred<void> };

/** A batch written to the page cache, waiting for its sync round (see commit). */
interface Written {
  records: IndexRecord[];
  appended: MessageMeta[];
}

interface Deferred<T> {
  resolve(value: T): void;
  reject(err: unknown): void;
}

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

/**
 * The durable mailbox store (see docs/mailbox.md):
 * - message bytes are appended to segment files (`segments/000001.seg`, …);
 * - metadata goes to an append-only JSON-lines index (`index.log`) replayed at start;
 * - only metadata lives in memory, never bodies.
 *
 * Durability: `append` resolves only after the segment bytes and the index lines are both
 * fdatasync'd, in one round (the two syncs run together). Each message line carries the CRC of its
 * bytes and each batch ends with a watermark line, so recovery can drop a batch whose bytes did not
 * all reach the disk (index-recovery.ts). Concurrent appends share one sync round (group commit):
 * while one batch is syncing, the next one gathers, so throughput grows with concurrency instead of
 * being capped at one message per disk flush. All writes go through that one queue, so the index
 * order is the id order and a crash can only lose a batch that was never acknowledged.
 */
export class FileMailboxStore implements MailboxStore {
  private readonly events = new EventEmitter();
  /** Live messages: metadata and where the bytes are, in one object each (see `compact`). */
  private readonly messages = new Map<number, StoredMessage>();
  /** Live ids, ascending. */
  private readonly ids: number[] = [];
  /** Recipient → its live ids, ascending. */
  private readonly mailboxes = new Map<string, number[]>();
  /** id → recipient → flags; sparse (absent means no flags). */
  private readonly flagSets = new Map<number, Map<string, Set<MailboxFlag>>>();
  /** Recipient → the highest id claimed as \Recent by some IMAP session (see claimRecent). */
  private readonly recentClaims = new Map<string, number>();
  /** Segment number → live messages in it. */
  private readonly segmentLive = new Map<number, number>();
  private readonly pool = new StringPool();
  private queue: Job[] = [];
  private flushing = false;
  private spoolCounter = 0;
  private closed = false;
  /** Set when a failed commit could not be undone: every later write fails with it. */
  private broken?: Error;
  private index!: FileHandle;
  /** The index's length, and how much of it is known to be durable (the next watermark). */
  private indexSize = 0;
  private durableIndex = 0;
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
    let legacy = false;
    if (data === undefined) {
      this._uidValidity = Math.floor(Date.now() / 1000);
      await this.writeFreshIndex([]);
    } else {
      const parsed = parseIndex(data);
      legacy = parsed.legacy;
      const recovery = await recoverIndex(parsed, (r) => holdsIntact(this.segmentPath(r.seg), r, r.c ?? 0));
      if (recovery.skipped > 0)
        this.options.log?.warn({ skipped: recovery.skipped }, 'mailbox index: unreadable lines skipped');
      if (recovery.dropped > 0)
        this.options.log?.warn(
          { dropped: recovery.dropped },
          'mailbox index: unacknowledged commits dropped',
        );
      for (const record of recovery.records) this.replay(record);
      recordCount = recovery.records.length;
      if (this._uidValidity === 0) this._uidValidity = Math.floor(Date.now() / 1000);
      // What was read back (a commit cut short may still be in the page cache only) is made
      // durable before the next watermark vouches for it; a cut-off tail is never appended to.
      for (const seg of recovery.verifiedSegments) await syncFile(this.segmentPath(seg));
      this.index = await open(this.indexPath, 'r+');
      if (recovery.validLength < data.length) await this.index.truncate(recovery.validLength);
      await this.index.datasync();
      await this.index.close();
      this.index = await open(this.indexPath, 'a');
      this.indexSize = this.durableIndex = recovery.validLength;
    }
    await this.openSegments();
    // Version 1 is rewritten as version 2 at once; and replay is kept fast by rewriting an index
    // that is mostly dead records.
    if (legacy || recordCount > 2 * this.ids.length + 1000) await this.compactIndex();
  }

  private replay(record: IndexRecord): void {
    switch (record.t) {
      case 'h':
        this._uidValidity = record.uidValidity;
        this._nextId = Math.max(this._nextId, record.nextId);
        return;
      case 'a':
        this.insert(record);
        this._nextId = Math.max(this._nextId, record.id + 1);
        return;
      case 'd':
        this.delete(record.id);
        return;
      case 'f':
        this.applyFlags(record.r, record.id, record.f);
        return;
      case 'x':
        this.applyExpunge(record.r, record.id);
        return;
      case 'r':
        this.applyRecent(record.r, record.u);
        return;
      case 'w':
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
    for (const loc of this.messages.values()) if (loc.seg === n) end = Math.max(end, loc.off + loc.len);
    this.segmentSize = end;
    if (existed < 0) await syncDir(path.dirname(file));
  }

  // ---------------------------------------------------------------- memory model

  private insert(record: Extract<IndexRecord, { t: 'a' }>): void {
    const meta = this.compact(record);
    this.messages.set(meta.id, meta);
    this.ids.push(meta.id);
    for (const r of meta.recipients) {
      const box = this.mailboxes.get(r);
      if (box) box.push(meta.id);
      else this.mailboxes.set(r, [meta.id]);
    }
    this.segmentLive.set(meta.seg, (this.segmentLive.get(meta.seg) ?? 0) + 1);
  }

  /**
   * A message as it is kept, about 1.1 KB for a typical message (docs/mailbox.md, "Memory"): its
   * metadata and its place in a segment in one object, one map entry. Every field is named in one
   * object literal, so V8 keeps them all inside the object (no separate property array, ~90 bytes
   * less than an object built by spreading) and every message shares one hidden class; absent
   * optional fields are `undefined`, which JSON drops. Callers see it as a MessageMeta.
   * Thousands of messages share a handful of senders, recipients, From headers and client names:
   * those are pooled, one copy each.
   */
  private compact(m: MessageMeta & Location): StoredMessage {
    const pool = this.pool;
    return {
      id: m.id,
      sender: pool.string(m.sender),
      recipients: pool.list(m.recipients),
      receivedAt: m.receivedAt,
      size: m.size,
      from: pool.string(m.from),
      toHeader: m.toHeader,
      subject: m.subject,
      date: m.date,
      snippet: m.snippet,
      envelope: m.envelope,
      clientAddress: m.clientAddress === undefined ? undefined : pool.string(m.clientAddress),
      helo: m.helo === undefined ? undefined : pool.string(m.helo),
      seg: m.seg,
      off: m.off,
      len: m.len,
    };
  }

  /** Returns the segment that became empty, if any. */
  private delete(id: number): number | undefined {
    const meta = this.messages.get(id);
    if (!meta) return undefined;
    this.messages.delete(id);
    removeSorted(this.ids, id);
    for (const r of meta.recipients) this.removeFromBox(r, id);
    this.flagSets.delete(id);
    const live = (this.segmentLive.get(meta.seg) ?? 1) - 1;
    if (live > 0) {
      this.segmentLive.set(meta.seg, live);
      return undefined;
    }
    this.segmentLive.delete(meta.seg);
    return meta.seg;
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

  private applyRecent(recipient: string, id: number): void {
    if (id > (this.recentClaims.get(recipient) ?? 0)) this.recentClaims.set(recipient, id);
  }

  /** The horizons as index lines, for a rewritten index (they outlive the messages they cover). */
  private recentRecords(): IndexRecord[] {
    return [...this.recentClaims].map(([r, u]) => ({ t: 'r', r, u }));
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
    const loc = this.messages.get(id);
    if (!loc) throw new Error(`no message ${id}`);
    return readAt(this.segmentPath(loc.seg), loc);
  }

  recentHorizon(recipient: string): number {
    return this.recentClaims.get(normalizeAddress(recipient)) ?? 0;
  }

  flags(recipient: string, id: number): ReadonlySet<MailboxFlag> {
    return this.flagSets.get(id)?.get(normalizeAddress(recipient)) ?? new Set();
  }

  /** Sizes of the in-memory index (lets tests prove retention keeps memory bounded). */
  get memory(): { messages: number; mailboxes: number; flagged: number } {
    return {
      messages: this.messages.size,
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

  claimRecent(recipient: string, id: number): Promise<void> {
    const r = normalizeAddress(recipient);
    if (id <= (this.recentClaims.get(r) ?? 0)) return Promise.resolve();
    // In memory first: a session selecting the mailbox a moment later must not claim them too.
    this.applyRecent(r, id);
    return this.enqueue<void>((done) => ({ kind: 'record', record: { t: 'r', r, u: id }, done }));
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
    });
  }

  /** Commits what is queued, one batch at a time; what arrives meanwhile forms the next batch. */
  private async flushLoop(): Promise<void> {
    this.flushing = true;
    try {
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
          await this.commit(run);
          run = [];
          await this.runClear(job);
        }
        await this.commit(run);
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * One group commit: bytes into the segment and lines into the index (page cache), then both
   * fdatasync'd together, then memory, answers and events. The two syncs may finish in any order
   * and a crash may leave either half; recovery checks each message of a batch past the watermark
   * against its CRC and drops the batch if one is missing (index-recovery.ts). Nothing is answered
   * before both syncs have returned.
   */
  private async commit(jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return;
    if (this.broken) return this.fail(jobs, this.broken);
    const before = { segmentNo: this.segmentNo, segmentSize: this.segmentSize, indexSize: this.indexSize };
    let written: Written;
    try {
      written = await this.write(jobs);
      const syncs = [this.index.datasync()];
      if (written.appended.length > 0) syncs.push(this.segment.datasync());
      // Both settle before a failure is handled: nothing may still be syncing when the index is cut.
      for (const result of await Promise.allSettled(syncs))
        if (result.status === 'rejected') throw result.reason;
    } catch (err) {
      await this.rewind(before);
      return this.fail(jobs, err);
    }
    this.durableIndex = this.indexSize;
    await this.publish(jobs, written);
  }

  /** Ids assigned, bytes into the segment and the batch's lines into the index, not yet synced. */
  private async write(jobs: Job[]): Promise<Written> {
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
      let crc: number;
      if (bytes) {
        pending.add(bytes);
        len = bytes.length;
        crc = crc32(bytes);
      } else {
        pending.flush();
        ({ len, crc } = await copySpooled(this.segment, body.spoolFile as string, position));
        pending.skip(len);
      }
      const meta: MessageMeta = {
        id: this._nextId++,
        sender: message.sender,
        recipients: [...new Set(message.recipients.map(normalizeAddress))],
        receivedAt: new Date().toISOString(),
        size: len,
        ...ownStrings(message.summary),
      };
      records.push({ t: 'a', ...meta, seg: this.segmentNo, off: position, len, c: crc });
      appended.push(meta);
      position += len;
    }
    pending.flush();
    this.segmentSize = position;
    // Retention: drop the oldest so that at most maxMessages stay after this batch.
    const excess = this.ids.length + appended.length - this.options.maxMessages;
    const dropped = excess > 0 ? this.ids.slice(0, excess) : [];
    const droppedNew = excess > this.ids.length ? appended.slice(0, excess - this.ids.length) : [];
    for (const id of [...dropped, ...droppedNew.map((m) => m.id)]) records.push({ t: 'd', id });

    const lines = encodeBatch(records, this.durableIndex);
    // Into the page cache at once (tens of µs): only the fdatasyncs are worth a trip to the pool.
    writeAllSync(this.index.fd, lines);
    this.indexSize += lines.length;
    return { records, appended };
  }

  /**
   * Undoes a failed commit: its segment bytes are overwritten by the next batch, its index lines
   * are cut off (a later sync would otherwise make them durable, behind a watermark that vouches
   * for them). If the index cannot be cut, the store stops taking writes.
   */
  private async rewind(before: { segmentNo: number; segmentSize: number; indexSize: number }): Promise<void> {
    this.segmentSize = this.segmentNo === before.segmentNo ? before.segmentSize : 0;
    try {
      // Unconditionally: a write that failed half-way appended bytes that indexSize never counted.
      await this.index.truncate(before.indexSize);
      this.indexSize = before.indexSize;
    } catch (err) {
      this.broken = new Error('mailbox index could not be rewound after a failed commit', { cause: err });
    }
  }

  /** After the sync round: retention, memory, answers, events, then clean-up. */
  private async publish(jobs: Job[], { records, appended }: Written): Promise<void> {
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
      case 'a':
        this.insert(record);
        return undefined;
      case 'd':
        return this.delete(record.id);
      case 'f':
        this.applyFlags(record.r, record.id, record.f);
        return undefined;
      case 'x':
        return this.applyExpunge(record.r, record.id);
      case 'r':
        this.applyRecent(record.r, record.u);
        return undefined;
      case 'h':
      case 'w':
        return undefined;
    }
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
      await this.writeFreshIndex(this.recentRecords());
      this.messages.clear();
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
      records.push({ t: 'a', ...(this.messages.get(id) as StoredMessage) });
      for (const [r, f] of this.flagSets.get(id) ?? []) records.push({ t: 'f', id, r, f: [...f] });
    }
    await this.writeFreshIndex([...records, ...this.recentRecords()]);
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
    // One batch; recovery trusts a file's first batch whole (it is durable before the rename).
    const bytes = encodeBatch([header, ...records], 0);
    try {
      await writeAll(file, bytes, 0);
      await file.datasync();
    } finally {
      await file.close();
    }
    if (this.index) await this.index.close().catch(() => undefined);
    await rename(tmp, this.indexPath);
    await syncDir(this.dir);
    this.index = await open(this.indexPath, 'a');
    this.indexSize = this.durableIndex = bytes.length;
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
 * The summary with fresh, flat copies of its strings. Those the SMTP layer made are often slices of
 * the message's header block or concatenation trees (the ENVELOPE), and V8 keeps a slice's whole
 * parent alive: kept as they are, they would hold parts of every raw message in memory for as long
 * as it is stored (about 80 bytes a message here). It is what replay reads back from the index.
 */
function ownStrings(summary: MessageSummary): MessageSummary {
  return JSON.parse(JSON.stringify(summary)) as MessageSummary;
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
