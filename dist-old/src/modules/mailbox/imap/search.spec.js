"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const imap_parser_1 = require("./imap.parser");
const search_1 = require("./search");
function candidate(seq, meta, flags = []) {
    return {
        seq,
        uid: seq * 10,
        flags: new Set(flags),
        meta: {
            id: seq * 10,
            from: 'Ann <ann@example.test>',
            toHeader: 'bob@example.test',
            subject: 'Hello',
            date: '2026-11-20T10:00:00.000Z',
            snippet: 'body text',
            sender: 'ann@example.test',
            recipients: ['bob@example.test'],
            receivedAt: '2026-11-21T10:00:00.000Z',
            size: 100,
            ...meta,
        },
    };
}
const box = [
    candidate(1, {}, ['\\Seen']),
    candidate(2, {
        subject: 'Your CODE',
        from: 'Carl <carl@example.test>',
        receivedAt: '2026-11-19T23:59:59.000Z',
    }),
    candidate(3, { size: 5000 }, ['\\Deleted', '\\Seen']),
];
function search(query) {
    const c = (0, search_1.parseSearch)((0, imap_parser_1.tokenize)([query]), { maxSeq: 3, maxUid: 30 });
    return box.filter((m) => (0, search_1.matches)(c, m)).map((m) => m.seq);
}
(0, node_test_1.describe)('IMAP SEARCH criteria', () => {
    (0, node_test_1.it)('matches flags', () => {
        strict_1.default.deepEqual(search('ALL'), [1, 2, 3]);
        strict_1.default.deepEqual(search('SEEN'), [1, 3]);
        strict_1.default.deepEqual(search('UNSEEN'), [2]);
        strict_1.default.deepEqual(search('DELETED'), [3]);
        strict_1.default.deepEqual(search('SEEN UNDELETED'), [1]);
    });
    (0, node_test_1.it)('matches From, To and Subject case-insensitively', () => {
        strict_1.default.deepEqual(search('FROM carl'), [2]);
        strict_1.default.deepEqual(search('SUBJECT "your code"'), [2]);
        strict_1.default.deepEqual(search('TO BOB@example'), [1, 2, 3]);
    });
    (0, node_test_1.it)('compares dates by day (internal date), and sizes', () => {
        strict_1.default.deepEqual(search('SINCE 21-Nov-2026'), [1, 3]);
        strict_1.default.deepEqual(search('BEFORE 21-Nov-2026'), [2]);
        strict_1.default.deepEqual(search('ON 19-nov-2026'), [2]);
        strict_1.default.deepEqual(search('SENTON 20-Nov-2026'), [1, 2, 3]);
        strict_1.default.deepEqual(search('LARGER 1000'), [3]);
    });
    (0, node_test_1.it)('combines NOT, OR, lists, sequence sets and UID sets', () => {
        strict_1.default.deepEqual(search('NOT SEEN'), [2]);
        strict_1.default.deepEqual(search('OR DELETED FROM carl'), [2, 3]);
        strict_1.default.deepEqual(search('(OR SEEN FROM carl) NOT 3'), [1, 2]);
        strict_1.default.deepEqual(search('2:*'), [2, 3]);
        strict_1.default.deepEqual(search('UID 10,30'), [1, 3]);
        strict_1.default.deepEqual(search('CHARSET UTF-8 SUBJECT hello'), [1, 3]);
    });
    (0, node_test_1.it)('refuses bad criteria', () => {
        for (const bad of ['', 'FROM', 'SINCE yesterday', 'OR SEEN', 'BOGUS', 'UID x', 'CHARSET KOI8-R ALL'])
            strict_1.default.throws(() => search(bad), search_1.SearchSyntaxError, bad);
    });
});
//# sourceMappingURL=search.spec.js.map