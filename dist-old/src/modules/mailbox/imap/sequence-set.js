"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseSequenceSet = parseSequenceSet;
exports.inSequenceSet = inSequenceSet;
exports.isSequenceSet = isSequenceSet;
const NUMBER = /^[1-9]\d{0,9}$|^\*$/;
function parseSequenceSet(text, star) {
    const ranges = [];
    for (const part of text.split(',')) {
        const [a, b, extra] = part.split(':');
        if (extra !== undefined || !NUMBER.test(a) || (b !== undefined && !NUMBER.test(b)))
            return undefined;
        const x = a === '*' ? star : Number(a);
        const y = b === undefined ? x : b === '*' ? star : Number(b);
        if (x > 0xffffffff || y > 0xffffffff)
            return undefined;
        ranges.push({ from: Math.min(x, y), to: Math.max(x, y) });
    }
    return ranges;
}
function inSequenceSet(ranges, n) {
    return ranges.some((r) => n >= r.from && n <= r.to);
}
function isSequenceSet(text) {
    return parseSequenceSet(text, 1) !== undefined;
}
//# sourceMappingURL=sequence-set.js.map