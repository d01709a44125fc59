"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CommandFramer = void 0;
const LITERAL_MARKER = /\{(\d{1,20})(\+?)\}$/;
/**
 * Splits the byte stream into IMAP commands (RFC 3501 §2.2 and LITERAL+, RFC 7888) without ever
 * buffering more than the limits allow: a line is dropped as soon as it outgrows `maxLine` (and
 * the rest of it up to the next LF is skipped), a literal is refused from its announced size
 * before any of its bytes are taken, so a client announcing 1 GB costs nothing.
 */
class CommandFramer {
    limits;
    events;
    pending = Buffer.alloc(0);
    chunks = [];
    textBytes = 0;
    literalBytes = 0;
    literalLeft = 0;
    literalParts = [];
    skippingLine = false;
    constructor(limits, events) {
        this.limits = limits;
        this.events = events;
    }
    push(data) {
        this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
        while (this.pending.length > 0) {
            if (this.literalLeft > 0) {
                this.takeLiteral();
                continue;
            }
            const lf = this.pending.indexOf(0x0a);
            if (lf < 0) {
                if (this.pending.length > this.limits.maxLine)
                    this.overlong();
                return;
            }
            const line = this.pending.subarray(0, lf > 0 && this.pending[lf - 1] === 0x0d ? lf - 1 : lf);
            this.pending = this.pending.subarray(lf + 1);
            if (this.skippingLine) {
                this.skippingLine = false;
                continue;
            }
            if (line.length > this.limits.maxLine) {
                this.refuse(line.toString('latin1'), 'line too long', false);
                continue;
            }
            this.line(line.toString('utf8'));
        }
    }
    overlong() {
        const text = this.pending.subarray(0, 64).toString('latin1');
        this.pending = Buffer.alloc(0);
        // Answered once, when the line first outgrew the limit; the rest of it is just dropped.
        if (this.skippingLine)
            return;
        this.skippingLine = true;
        this.refuse(text, 'line too long', false);
    }
    line(text) {
        this.textBytes += Buffer.byteLength(text);
        if (this.textBytes > this.limits.maxLine)
            return this.refuse(text, 'command too long', false);
        const marker = LITERAL_MARKER.exec(text);
        if (!marker) {
            this.chunks.push(text);
            const chunks = this.chunks;
            this.reset();
            this.events.command(chunks);
            return;
        }
        const size = Number(marker[1]);
        const synchronizing = marker[2] !== '+';
        if (this.literalBytes + size > this.limits.maxLiteral)
            return this.refuse(text, `literal too big (limit ${this.limits.maxLiteral} bytes)`, !synchronizing);
        this.chunks.push(text.slice(0, marker.index));
        this.literalBytes += size;
        this.literalLeft = size;
        if (size === 0)
            this.chunks.push(Buffer.alloc(0));
        // Even `{0}` waits for the go-ahead: the client sends nothing until it sees `+`.
        if (synchronizing)
            this.events.continueLiteral();
    }
    takeLiteral() {
        const n = Math.min(this.literalLeft, this.pending.length);
        this.literalParts.push(this.pending.subarray(0, n));
        this.pending = this.pending.subarray(n);
        this.literalLeft -= n;
        if (this.literalLeft === 0) {
            this.chunks.push(Buffer.concat(this.literalParts));
            this.literalParts = [];
        }
    }
    refuse(text, reason, fatal) {
        const first = typeof this.chunks[0] === 'string' ? this.chunks[0] : text;
        const tag = /^[\x21-\x7e]+(?= )/.exec(first)?.[0];
        this.reset();
        this.events.reject(tag && !/[{("*%\\+]/.test(tag) ? tag : '*', reason, fatal);
    }
    reset() {
        this.chunks = [];
        this.textBytes = 0;
        this.literalBytes = 0;
        this.literalLeft = 0;
        this.literalParts = [];
    }
}
exports.CommandFramer = CommandFramer;
//# sourceMappingURL=imap.framer.js.map