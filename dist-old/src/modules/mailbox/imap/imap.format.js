"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.istring = istring;
exports.nstring = nstring;
exports.toBuffer = toBuffer;
exports.list = list;
exports.internalDate = internalDate;
exports.parseSearchDate = parseSearchDate;
const QUOTABLE = /^[\x20-\x7e]*$/;
function istring(value) {
    const text = typeof value === 'string' ? value : undefined;
    if (text !== undefined && text.length <= 1024 && QUOTABLE.test(text))
        return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return Buffer.concat([Buffer.from(`{${bytes.length}}\r\n`), bytes]);
}
function nstring(value) {
    return value === undefined || value === null ? 'NIL' : istring(value);
}
/** Joins pieces into one buffer (strings as UTF-8). */
function toBuffer(parts) {
    return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}
/** `(a b c)` from pieces, or NIL when empty and `nilWhenEmpty`. */
function list(items, nilWhenEmpty = false) {
    if (items.length === 0)
        return nilWhenEmpty ? 'NIL' : '()';
    const parts = ['('];
    items.forEach((item, i) => {
        if (i > 0)
            parts.push(' ');
        parts.push(item);
    });
    parts.push(')');
    return parts.some((p) => typeof p !== 'string') ? toBuffer(parts) : parts.join('');
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** INTERNALDATE: `"21-Nov-2026 10:00:00 +0000"` (kept in UTC). */
function internalDate(iso) {
    const d = new Date(iso);
    const two = (n) => String(n).padStart(2, '0');
    return `"${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000"`;
}
/** A search date (`1-Feb-1994`) as the UTC midnight it names, or undefined. */
function parseSearchDate(text) {
    const m = /^"?(\d{1,2})-([A-Za-z]{3})-(\d{4})"?$/.exec(text);
    if (!m)
        return undefined;
    const month = MONTHS.findIndex((x) => x.toLowerCase() === m[2].toLowerCase());
    if (month < 0)
        return undefined;
    return Date.UTC(Number(m[3]), month, Number(m[1]));
}
//# sourceMappingURL=imap.format.js.map