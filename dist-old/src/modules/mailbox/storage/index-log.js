"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.INDEX_VERSION = void 0;
exports.encodeRecords = encodeRecords;
exports.parseIndex = parseIndex;
/**
 * The metadata index: one JSON object per line, appended and fdatasync'd in the same group commit
 * as the segment bytes it points to. Replaying it at start rebuilds the in-memory metadata.
 * A torn last line (a crash mid-append) is cut off: it was never acknowledged.
 */
exports.INDEX_VERSION = 1;
function encodeRecords(records) {
    return Buffer.from(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
}
function parseIndex(data) {
    const end = data.lastIndexOf(0x0a) + 1;
    const records = [];
    let skipped = 0;
    let start = 0;
    while (start < end) {
        const nl = data.indexOf(0x0a, start);
        const line = data.subarray(start, nl).toString('utf8');
        start = nl + 1;
        if (line.trim() === '')
            continue;
        try {
            const parsed = JSON.parse(line);
            if (typeof parsed === 'object' && parsed !== null && typeof parsed.t === 'string')
                records.push(parsed);
            else
                skipped++;
        }
        catch {
            skipped++;
        }
    }
    return { records, validLength: end, skipped };
}
//# sourceMappingURL=index-log.js.map