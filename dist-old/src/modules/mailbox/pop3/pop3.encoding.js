"use strict";
/**
 * How a stored message goes on the POP3 wire (RFC 1939 §3): every line ends in CRLF (a stored
 * message may have bare LF or bare CR), a line starting with "." gets one more "." (byte-stuffing),
 * and the multi-line answer ends with ".\r\n". Works on bytes, never on decoded text, so 8-bit and
 * malformed messages go out exactly as they were received.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.splitLines = splitLines;
exports.encodeMessage = encodeMessage;
const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
/** Splits raw message bytes into lines without their line endings (CRLF, LF or CR). */
function splitLines(raw) {
    const lines = [];
    let start = 0;
    for (let i = 0; i < raw.length; i++) {
        const byte = raw[i];
        if (byte !== LF && byte !== CR)
            continue;
        lines.push(raw.subarray(start, i));
        if (byte === CR && raw[i + 1] === LF)
            i++;
        start = i + 1;
    }
    if (start < raw.length)
        lines.push(raw.subarray(start));
    return lines;
}
/**
 * The body of a RETR (bodyLines undefined) or TOP answer: the header, the blank line, then at most
 * `bodyLines` lines of the body, each CRLF-terminated and dot-stuffed, followed by the terminator.
 */
function encodeMessage(raw, bodyLines) {
    const lines = splitLines(raw);
    const out = [];
    const crlf = Buffer.from('\r\n');
    let inBody = false;
    let bodyLeft = bodyLines ?? Infinity;
    for (const line of lines) {
        if (inBody) {
            if (bodyLeft <= 0)
                break;
            bodyLeft--;
        }
        if (line[0] === DOT)
            out.push(Buffer.from('.'));
        out.push(line, crlf);
        if (!inBody && line.length === 0)
            inBody = true;
    }
    out.push(Buffer.from('.\r\n'));
    return Buffer.concat(out);
}
//# sourceMappingURL=pop3.encoding.js.map