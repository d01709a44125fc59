/**
 * Sequence sets (RFC 3501 §9 `sequence-set`): `1:*`, `2,4:6`, `*`, `7:3`. `*` is the largest number
 * in use (the last sequence number, or the highest UID). Kept as ranges, never expanded, so
 * `1:4294967295` costs nothing.
 */
export interface SequenceRange {
  from: number;
  to: number;
}

const NUMBER = /^[1-9]\d{0,9}$|^\*$/;

export function parseSequenceSet(text: string, star: number): SequenceRange[] | undefined {
  const ranges: SequenceRange[] = [];
  for (const part of text.split(',')) {
    const [a, b, extra] = part.split(':');
    if (extra !== undefined || !NUMBER.test(a) || (b !== undefined && !NUMBER.test(b))) return undefined;
    const x = a === '*' ? star : Number(a);
    const y = b === undefined ? x : b === '*' ? star : Number(b);
    if (x > 0xffffffff || y > 0xffffffff) return undefined;
    ranges.push({ from: Math.min(x, y), to: Math.max(x, y) });
  }
  return ranges;
}

export function inSequenceSet(ranges: readonly SequenceRange[], n: number): boolean {
  return ranges.some((r) => n >= r.from && n <= r.to);
}

export function isSequenceSet(text: string): boolean {
  return parseSequenceSet(text, 1) !== undefined;
}
