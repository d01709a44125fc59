/**
 * Encoding values for the wire (RFC 3501 §4): a short printable string goes out quoted, anything
 * else (CR, LF, 8-bit bytes, long text) as a literal `{n}\r\n<bytes>`, so no value a message
 * carries can break the response syntax.
 */
export type Out = string | Buffer;

const QUOTABLE = /^[\x20-\x7e]*$/;

export function istring(value: string | Buffer): Out {
  const text = typeof value === 'string' ? value : undefined;
  if (text !== undefined && text.length <= 1024 && QUOTABLE.test(text))
    return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([Buffer.from(`{${bytes.length}}\r\n`), bytes]);
}

export function nstring(value: string | Buffer | undefined | null): Out {
  return value === undefined || value === null ? 'NIL' : istring(value);
}

/** Joins pieces into one buffer (strings as UTF-8). */
export function toBuffer(parts: readonly Out[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

/** `(a b c)` from pieces, or NIL when empty and `nilWhenEmpty`. */
export function list(items: readonly Out[], nilWhenEmpty = false): Out {
  if (items.length === 0) return nilWhenEmpty ? 'NIL' : '()';
  const parts: Out[] = ['('];
  items.forEach((item, i) => {
    if (i > 0) parts.push(' ');
    parts.push(item);
  });
  parts.push(')');
  return parts.some((p) => typeof p !== 'string') ? toBuffer(parts) : parts.join('');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** INTERNALDATE: `"21-Nov-2026 10:00:00 +0000"` (kept in UTC). */
export function internalDate(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `"${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())} +0000"`;
}

/** A search date (`1-Feb-1994`) as the UTC midnight it names, or undefined. */
export function parseSearchDate(text: string): number | undefined {
  const m = /^"?(\d{1,2})-([A-Za-z]{3})-(\d{4})"?$/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.findIndex((x) => x.toLowerCase() === m[2].toLowerCase());
  if (month < 0) return undefined;
  return Date.UTC(Number(m[3]), month, Number(m[1]));
}
