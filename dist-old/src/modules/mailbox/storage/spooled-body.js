"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SpooledBody = exports.MEMORY_THRESHOLD = void 0;
exports.spoolPath = spoolPath;
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = __importDefault(require("node:path"));
const node_stream_1 = require("node:stream");
/** Messages up to this size stay in memory while they are received; larger ones go to a spool file. */
exports.MEMORY_THRESHOLD = 256 * 1024;
/**
 * Receives one message body. Memory per in-flight message is bounded by MEMORY_THRESHOLD; the spool
 * file is bounded by maxBytes (bytes past it are only counted, so a flood cannot fill the disk).
 * The spool file is scratch space: durability comes from the copy into a segment (see the store).
 */
class SpooledBody {
    spoolPath;
    maxBytes;
    chunks = [];
    buffered = 0;
    file;
    written = 0;
    count = 0;
    over = false;
    constructor(spoolPath, maxBytes) {
        this.spoolPath = spoolPath;
        this.maxBytes = maxBytes;
    }
    get received() {
        return this.count;
    }
    get overflowed() {
        return this.over;
    }
    /** Bytes kept (min of received and maxBytes). */
    get size() {
        return this.buffered + this.written;
    }
    /** The whole body when it never left memory. */
    inMemory() {
        return this.file ? undefined : Buffer.concat(this.chunks, this.buffered);
    }
    get spoolFile() {
        return this.file ? this.spoolPath : undefined;
    }
    async write(chunk) {
        this.count += chunk.length;
        if (this.over)
            return;
        const room = this.maxBytes - this.size;
        if (chunk.length > room) {
            this.over = true;
            chunk = chunk.subarray(0, Math.max(0, room));
        }
        if (chunk.length === 0)
            return;
        if (!this.file && this.buffered + chunk.length <= exports.MEMORY_THRESHOLD) {
            this.chunks.push(chunk);
            this.buffered += chunk.length;
            return;
        }
        if (!this.file) {
            this.file = await (0, promises_1.open)(this.spoolPath, 'w', 0o600);
            const head = Buffer.concat(this.chunks, this.buffered);
            this.chunks = [];
            this.buffered = 0;
            await this.file.write(head, 0, head.length, 0);
            this.written = head.length;
        }
        await this.file.write(chunk, 0, chunk.length, this.written);
        this.written += chunk.length;
    }
    open() {
        if (!this.file)
            return node_stream_1.Readable.from([Buffer.concat(this.chunks, this.buffered)]);
        return (0, node_fs_1.createReadStream)(this.spoolPath, { start: 0, end: Math.max(0, this.written - 1) });
    }
    async discard() {
        this.chunks = [];
        this.buffered = 0;
        const file = this.file;
        this.file = undefined;
        this.written = 0;
        if (file) {
            await file.close().catch(() => undefined);
            await (0, promises_1.rm)(this.spoolPath, { force: true });
        }
    }
}
exports.SpooledBody = SpooledBody;
function spoolPath(dir, n) {
    return node_path_1.default.join(dir, `${process.pid}-${n}.eml`);
}
//# sourceMappingURL=spooled-body.js.map