"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.FileMailboxStore = void 0;
const node_events_1 = require("node:events");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
const mailbox_store_1 = require("../mailbox.store");
const index_log_1 = require("./index-log");
const spooled_body_1 = require("./spooled-body");
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
class FileMailboxStore {
    options;
    events = new node_events_1.EventEmitter();
    messages = new Map();
    locations = new Map();
    /** Live ids, ascending. */
    ids = [];
    /** Recipient → its live ids, ascending. */
    mailboxes = new Map();
    /** id → recipient → flags; sparse (absent means no flags). */
    flagSets = new Map();
    /** Segment number → live messages in it. */
    segmentLive = new Map();
    queue = [];
    flushing = false;
    spoolCounter = 0;
    closed = false;
    index;
    segment;
    segmentNo = 0;
    segmentSize = 0;
    _uidValidity = 0;
    _nextId = 1;
    constructor(options) {
        this.options = options;
        this.events.setMaxListeners(0);
    }
    static async open(options) {
        const store = new FileMailboxStore({ segmentBytes: DEFAULT_SEGMENT_BYTES, ...options });
        await store.load();
        return store;
    }
    get uidValidity() {
        return this._uidValidity;
    }
    get nextId() {
        return this._nextId;
    }
    get dir() {
        return this.options.dir;
    }
    get indexPath() {
        return node_path_1.default.join(this.dir, 'index.log');
    }
    get spoolDir() {
        return node_path_1.default.join(this.dir, 'spool');
    }
    segmentPath(n) {
        return node_path_1.default.join(this.dir, 'segments', `${String(n).padStart(6, '0')}.seg`);
    }
    // ---------------------------------------------------------------- start-up
    async load() {
        await (0, promises_1.mkdir)(node_path_1.default.join(this.dir, 'segments'), { recursive: true });
        // Spool files belong to sessions that never got a 250: nothing refers to them.
        await (0, promises_1.rm)(this.spoolDir, { recursive: true, force: true });
        await (0, promises_1.mkdir)(this.spoolDir, { recursive: true });
        let data;
        try {
            data = await (0, promises_1.readFile)(this.indexPath);
        }
        catch (err) {
            if (err.code !== 'ENOENT')
                throw err;
        }
        let recordCount = 0;
        if (data === undefined) {
            this._uidValidity = Math.floor(Date.now() / 1000);
            await this.writeFreshIndex([]);
        }
        else {
            const parsed = (0, index_log_1.parseIndex)(data);
            if (parsed.skipped > 0)
                this.options.log?.warn({ skipped: parsed.skipped }, 'mailbox index: unreadable lines skipped');
            for (const record of parsed.records)
                this.replay(record);
            recordCount = parsed.records.length;
            if (this._uidValidity === 0)
                this._uidValidity = Math.floor(Date.now() / 1000);
            this.index = await (0, promises_1.open)(this.indexPath, 'r+');
            if (parsed.validLength < data.length) {
                // A torn append from a crash: never acknowledged, so cut it off before appending again.
                await this.index.truncate(parsed.validLength);
                await this.index.datasync();
            }
            await this.index.close();
            this.index = await (0, promises_1.open)(this.indexPath, 'a');
        }
        await this.openSegments();
        // Keep replay fast: rewrite the index when it is mostly dead records.
        if (recordCount > 2 * this.ids.length + 1000)
            await this.compactIndex();
    }
    replay(record) {
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
    async openSegments() {
        const names = await (0, promises_1.readdir)(node_path_1.default.join(this.dir, 'segments'));
        const numbers = names
            .map((n) => /^(\d{6})\.seg$/.exec(n)?.[1])
            .filter((n) => n !== undefined)
            .map(Number)
            .sort((a, b) => a - b);
        const last = numbers.at(-1) ?? 1;
        for (const n of numbers)
            if (n !== last && !this.segmentLive.get(n))
                await (0, promises_1.rm)(this.segmentPath(n), { force: true });
        await this.openSegment(last);
    }
    async openSegment(n) {
        const file = this.segmentPath(n);
        const existed = await (0, promises_1.stat)(file).then((s) => s.size, () => -1);
        this.segment = await (0, promises_1.open)(file, existed < 0 ? 'w+' : 'r+', 0o600);
        this.segmentNo = n;
        // Bytes past the last indexed message are an unacknowledged batch: overwrite them.
        let end = 0;
        for (const [id, loc] of this.locations)
            if (loc.seg === n && this.messages.has(id))
                end = Math.max(end, loc.off + loc.len);
        this.segmentSize = end;
        if (existed < 0)
            await syncDir(node_path_1.default.dirname(file));
    }
    // ---------------------------------------------------------------- memory model
    insert(meta, loc) {
        this.messages.set(meta.id, meta);
        this.locations.set(meta.id, loc);
        this.ids.push(meta.id);
        for (const r of meta.recipients) {
            const box = this.mailboxes.get(r);
            if (box)
                box.push(meta.id);
            else
                this.mailboxes.set(r, [meta.id]);
        }
        this.segmentLive.set(loc.seg, (this.segmentLive.get(loc.seg) ?? 0) + 1);
    }
    /** Returns the segment that became empty, if any. */
    delete(id) {
        const meta = this.messages.get(id);
        if (!meta)
            return undefined;
        this.messages.delete(id);
        removeSorted(this.ids, id);
        for (const r of meta.recipients)
            this.removeFromBox(r, id);
        this.flagSets.delete(id);
        const loc = this.locations.get(id);
        this.locations.delete(id);
        const live = (this.segmentLive.get(loc.seg) ?? 1) - 1;
        if (live > 0) {
            this.segmentLive.set(loc.seg, live);
            return undefined;
        }
        this.segmentLive.delete(loc.seg);
        return loc.seg;
    }
    removeFromBox(recipient, id) {
        const box = this.mailboxes.get(recipient);
        if (!box)
            return;
        removeSorted(box, id);
        if (box.length === 0)
            this.mailboxes.delete(recipient);
    }
    applyFlags(recipient, id, flags) {
        if (!this.messages.has(id))
            return;
        let byRecipient = this.flagSets.get(id);
        if (!byRecipient)
            this.flagSets.set(id, (byRecipient = new Map()));
        byRecipient.set(recipient, new Set(flags));
    }
    applyExpunge(recipient, id) {
        const meta = this.messages.get(id);
        if (!meta || !meta.recipients.includes(recipient))
            return undefined;
        if (meta.recipients.length === 1)
            return this.delete(id);
        meta.recipients = meta.recipients.filter((r) => r !== recipient);
        this.removeFromBox(recipient, id);
        this.flagSets.get(id)?.delete(recipient);
        return undefined;
    }
    // ---------------------------------------------------------------- reads
    createBody(maxBytes) {
        return new spooled_body_1.SpooledBody((0, spooled_body_1.spoolPath)(this.spoolDir, ++this.spoolCounter), maxBytes);
    }
    get(id) {
        return this.messages.get(id);
    }
    list(filter) {
        const ids = filter.recipient === undefined
            ? this.ids
            : (this.mailboxes.get((0, mailbox_store_1.normalizeAddress)(filter.recipient)) ?? []);
        const after = filter.after ?? 0;
        const out = [];
        const take = (id) => {
            const meta = this.messages.get(id);
            if (meta && (!filter.where || filter.where(meta)))
                out.push(meta);
            return out.length < filter.limit;
        };
        if (filter.order === 'newest') {
            for (let i = ids.length - 1; i >= 0 && ids[i] > after; i--)
                if (!take(ids[i]))
                    break;
        }
        else {
            for (let i = lowerBound(ids, after + 1); i < ids.length; i++)
                if (!take(ids[i]))
                    break;
        }
        return out;
    }
    async readRaw(id) {
        const loc = this.locations.get(id);
        if (!loc)
            throw new Error(`no message ${id}`);
        const file = await (0, promises_1.open)(this.segmentPath(loc.seg), 'r');
        try {
            const buf = Buffer.alloc(loc.len);
            let done = 0;
            while (done < loc.len) {
                const { bytesRead } = await file.read(buf, done, loc.len - done, loc.off + done);
                if (bytesRead === 0)
                    throw new Error(`segment ${loc.seg} is shorter than its index says`);
                done += bytesRead;
            }
            return buf;
        }
        finally {
            await file.close();
        }
    }
    flags(recipient, id) {
        return this.flagSets.get(id)?.get((0, mailbox_store_1.normalizeAddress)(recipient)) ?? new Set();
    }
    /** Sizes of the in-memory index (lets tests prove retention keeps memory bounded). */
    get memory() {
        return {
            messages: this.messages.size,
            locations: this.locations.size,
            mailboxes: this.mailboxes.size,
            flagged: this.flagSets.size,
        };
    }
    /** How many onAppend listeners are registered (lets tests prove long-polls clean up). */
    get subscribers() {
        return this.events.listenerCount('append');
    }
    onAppend(listener) {
        this.events.on('append', listener);
        return () => this.events.off('append', listener);
    }
    // ---------------------------------------------------------------- writes (all through the queue)
    append(message) {
        return this.enqueue((done) => ({ kind: 'append', message, done }));
    }
    setFlags(recipient, id, flags) {
        return this.enqueue((done) => ({
            kind: 'record',
            record: { t: 'f', id, r: (0, mailbox_store_1.normalizeAddress)(recipient), f: [...new Set(flags)] },
            done,
        }));
    }
    expunge(recipient, id) {
        return this.enqueue((done) => ({
            kind: 'record',
            record: { t: 'x', id, r: (0, mailbox_store_1.normalizeAddress)(recipient) },
            done,
        }));
    }
    async remove(id) {
        if (!this.messages.has(id))
            return false;
        await this.enqueue((done) => ({ kind: 'record', record: { t: 'd', id }, done }));
        return true;
    }
    clear() {
        return this.enqueue((done) => ({ kind: 'clear', done }));
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        while (this.flushing || this.queue.length > 0)
            await new Promise((r) => setTimeout(r, 5));
        this.events.removeAllListeners();
        await this.index.close();
        await this.segment.close();
    }
    enqueue(make) {
        if (this.closed)
            return Promise.reject(new Error('mailbox store is closed'));
        return new Promise((resolve, reject) => {
            this.queue.push(make({ resolve, reject }));
            if (!this.flushing)
                void this.flushLoop();
        });
    }
    async flushLoop() {
        this.flushing = true;
        try {
            while (this.queue.length > 0) {
                const batch = this.queue;
                this.queue = [];
                // A clear is a barrier: commit what came before it, then clear, then the rest.
                let run = [];
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
        }
        finally {
            this.flushing = false;
        }
    }
    async commit(jobs) {
        if (jobs.length === 0)
            return;
        const startSize = this.segmentSize;
        try {
            if (this.segmentSize >= this.options.segmentBytes && jobs.some((j) => j.kind === 'append'))
                await this.rotate();
            const records = [];
            const appended = [];
            let position = this.segmentSize;
            for (const job of jobs) {
                if (job.kind === 'record') {
                    records.push(job.record);
                    continue;
                }
                if (job.kind !== 'append')
                    continue;
                const { message } = job;
                const len = await this.copyBody(message.body, position);
                const meta = {
                    id: this._nextId++,
                    sender: message.sender,
                    recipients: [...new Set(message.recipients.map(mailbox_store_1.normalizeAddress))],
                    receivedAt: new Date().toISOString(),
                    size: len,
                    ...message.summary,
                };
                records.push({ t: 'a', ...meta, seg: this.segmentNo, off: position, len });
                appended.push(meta);
                position += len;
            }
            // Retention: drop the oldest so that at most maxMessages stay after this batch.
            const excess = this.ids.length + appended.length - this.options.maxMessages;
            const dropped = excess > 0 ? this.ids.slice(0, excess) : [];
            const droppedNew = excess > this.ids.length ? appended.slice(0, excess - this.ids.length) : [];
            for (const id of [...dropped, ...droppedNew.map((m) => m.id)])
                records.push({ t: 'd', id });
            if (appended.length > 0)
                await this.segment.datasync();
            const lines = (0, index_log_1.encodeRecords)(records);
            await this.index.write(lines, 0, lines.length);
            await this.index.datasync();
            this.segmentSize = position;
            const emptied = [];
            for (const record of records) {
                const seg = this.applyRecord(record);
                if (seg !== undefined)
                    emptied.push(seg);
            }
            for (const job of jobs)
                if (job.kind === 'record')
                    job.done.resolve();
            let i = 0;
            for (const job of jobs)
                if (job.kind === 'append')
                    job.done.resolve(appended[i++]);
            for (const meta of appended)
                if (this.messages.has(meta.id))
                    this.events.emit('append', meta);
            await this.removeSegments(emptied);
        }
        catch (err) {
            // Nothing of this batch was acknowledged; the next batch overwrites any bytes written.
            this.segmentSize = startSize;
            this.options.log?.error({ err }, 'mailbox commit failed');
            for (const job of jobs)
                job.done.reject(err);
        }
        finally {
            for (const job of jobs)
                if (job.kind === 'append')
                    await job.message.body.discard().catch(() => undefined);
        }
    }
    applyRecord(record) {
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
    async copyBody(body, position) {
        const bytes = body.inMemory();
        if (bytes) {
            await writeAll(this.segment, bytes, position);
            return bytes.length;
        }
        let len = 0;
        const stream = (0, node_fs_1.createReadStream)(body.spoolFile, { highWaterMark: COPY_CHUNK });
        for await (const chunk of stream) {
            await writeAll(this.segment, chunk, position + len);
            len += chunk.length;
        }
        return len;
    }
    async rotate() {
        await this.segment.close();
        await this.openSegment(this.segmentNo + 1);
    }
    async removeSegments(segments) {
        for (const n of segments) {
            if (n === this.segmentNo)
                continue;
            await (0, promises_1.rm)(this.segmentPath(n), { force: true }).catch((err) => this.options.log?.warn({ err, segment: n }, 'mailbox: could not remove an empty segment'));
        }
    }
    async runClear(job) {
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
            for (const name of await (0, promises_1.readdir)(node_path_1.default.join(this.dir, 'segments'))) {
                if (name !== node_path_1.default.basename(this.segmentPath(this.segmentNo)))
                    await (0, promises_1.rm)(node_path_1.default.join(this.dir, 'segments', name), { force: true });
            }
            job.done.resolve();
        }
        catch (err) {
            job.done.reject(err);
        }
    }
    /** Rewrites the index holding only live state (used at start-up when it is mostly dead lines). */
    async compactIndex() {
        const records = [];
        for (const id of this.ids) {
            const meta = this.messages.get(id);
            records.push({ t: 'a', ...meta, ...this.locations.get(id) });
            for (const [r, f] of this.flagSets.get(id) ?? [])
                records.push({ t: 'f', id, r, f: [...f] });
        }
        await this.writeFreshIndex(records);
    }
    /** Atomically replaces index.log (write, fsync, rename, fsync dir) and opens it for appends. */
    async writeFreshIndex(records) {
        const header = {
            t: 'h',
            v: index_log_1.INDEX_VERSION,
            uidValidity: this._uidValidity,
            nextId: this._nextId,
        };
        const tmp = `${this.indexPath}.tmp`;
        const file = await (0, promises_1.open)(tmp, 'w', 0o600);
        try {
            const bytes = (0, index_log_1.encodeRecords)([header, ...records]);
            await writeAll(file, bytes, 0);
            await file.datasync();
        }
        finally {
            await file.close();
        }
        if (this.index)
            await this.index.close().catch(() => undefined);
        await (0, promises_1.rename)(tmp, this.indexPath);
        await syncDir(this.dir);
        this.index = await (0, promises_1.open)(this.indexPath, 'a');
    }
}
exports.FileMailboxStore = FileMailboxStore;
async function writeAll(file, bytes, position) {
    let done = 0;
    while (done < bytes.length) {
        const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
        done += bytesWritten;
    }
}
/** Makes a created or renamed directory entry durable. */
async function syncDir(dir) {
    const handle = await (0, promises_1.open)(dir, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
function lowerBound(sorted, value) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
function removeSorted(sorted, value) {
    const i = lowerBound(sorted, value);
    if (sorted[i] === value)
        sorted.splice(i, 1);
}
//# sourceMappingURL=file-mailbox.store.js.map