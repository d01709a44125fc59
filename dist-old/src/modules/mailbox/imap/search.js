"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SearchSyntaxError = void 0;
exports.parseSearch = parseSearch;
exports.matches = matches;
const imap_format_1 = require("./imap.format");
const imap_parser_1 = require("./imap.parser");
const sequence_set_1 = require("./sequence-set");
class SearchSyntaxError extends Error {
}
exports.SearchSyntaxError = SearchSyntaxError;
const FLAG_KEYS = {
    ANSWERED: ['\\Answered', true],
    UNANSWERED: ['\\Answered', false],
    DELETED: ['\\Deleted', true],
    UNDELETED: ['\\Deleted', false],
    DRAFT: ['\\Draft', true],
    UNDRAFT: ['\\Draft', false],
    FLAGGED: ['\\Flagged', true],
    UNFLAGGED: ['\\Flagged', false],
    SEEN: ['\\Seen', true],
    UNSEEN: ['\\Seen', false],
};
const TEXT_KEYS = { FROM: 'from', TO: 'to', SUBJECT: 'subject', BODY: 'body', TEXT: 'text' };
const DATE_KEYS = {
    SINCE: ['internal', 'since'],
    BEFORE: ['internal', 'before'],
    ON: ['internal', 'on'],
    SENTSINCE: ['sent', 'since'],
    SENTBEFORE: ['sent', 'before'],
    SENTON: ['sent', 'on'],
};
function parseSearch(tokens, ctx) {
    let i = 0;
    // CHARSET is accepted for UTF-8 and US-ASCII, the only ones we compare in.
    if ((0, imap_parser_1.asString)(tokens[0])?.toUpperCase() === 'CHARSET') {
        const charset = (0, imap_parser_1.asString)(tokens[1])?.toUpperCase();
        if (charset !== 'UTF-8' && charset !== 'US-ASCII')
            throw new SearchSyntaxError('[BADCHARSET (UTF-8 US-ASCII)]');
        i = 2;
    }
    const all = [];
    const next = () => {
        const t = tokens[i++];
        if (!t)
            throw new SearchSyntaxError('search key expected');
        return t;
    };
    const key = () => {
        const t = next();
        if (t.kind === 'list')
            return { op: 'and', of: parseSearchKeys(t.items, ctx) };
        if (t.kind !== 'atom')
            throw new SearchSyntaxError('search key expected');
        const name = t.value.toUpperCase();
        const arg = () => {
            const value = (0, imap_parser_1.asString)(next());
            if (value === undefined)
                throw new SearchSyntaxError(`${name} needs an argument`);
            return value;
        };
        if (name === 'ALL')
            return { op: 'all' };
        if (name in FLAG_KEYS) {
            const [flag, set] = FLAG_KEYS[name];
            return { op: 'flag', flag, set };
        }
        if (name === 'NEW' || name === 'RECENT')
            return { op: 'none' }; // no message is \Recent here
        if (name === 'OLD')
            return { op: 'all' };
        if (name in TEXT_KEYS)
            return { op: 'text', field: TEXT_KEYS[name], needle: arg().toLowerCase() };
        if (name in DATE_KEYS) {
            const [field, cmp] = DATE_KEYS[name];
            const day = (0, imap_format_1.parseSearchDate)(arg());
            if (day === undefined)
                throw new SearchSyntaxError(`${name} needs a date like 1-Feb-2026`);
            return { op: 'date', field, cmp, day };
        }
        if (name === 'LARGER' || name === 'SMALLER') {
            const bytes = Number(arg());
            if (!Number.isSafeInteger(bytes) || bytes < 0)
                throw new SearchSyntaxError(`${name} needs a number`);
            return { op: 'size', cmp: name === 'LARGER' ? 'larger' : 'smaller', bytes };
        }
        if (name === 'NOT')
            return { op: 'not', of: key() };
        if (name === 'OR')
            return { op: 'or', a: key(), b: key() };
        if (name === 'UID') {
            const ranges = (0, sequence_set_1.parseSequenceSet)(arg(), ctx.maxUid);
            if (!ranges)
                throw new SearchSyntaxError('UID needs a sequence set');
            return { op: 'seq', ranges, uid: true };
        }
        const ranges = (0, sequence_set_1.parseSequenceSet)(t.value, ctx.maxSeq);
        if (ranges)
            return { op: 'seq', ranges, uid: false };
        throw new SearchSyntaxError(`unsupported search key ${name.slice(0, 40)}`);
    };
    while (i < tokens.length)
        all.push(key());
    if (all.length === 0)
        throw new SearchSyntaxError('search key expected');
    return all.length === 1 ? all[0] : { op: 'and', of: all };
}
function parseSearchKeys(items, ctx) {
    const c = parseSearch(items, ctx);
    return c.op === 'and' ? c.of : [c];
}
const DAY = 86_400_000;
function dayOf(iso) {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? 0 : Math.floor(t / DAY) * DAY;
}
function matches(c, m) {
    switch (c.op) {
        case 'all':
            return true;
        case 'none':
            return false;
        case 'and':
            return c.of.every((x) => matches(x, m));
        case 'or':
            return matches(c.a, m) || matches(c.b, m);
        case 'not':
            return !matches(c.of, m);
        case 'flag':
            return m.flags.has(c.flag) === c.set;
        case 'text': {
            const meta = m.meta;
            const haystack = c.field === 'from'
                ? `${meta.from} ${meta.sender}`
                : c.field === 'to'
                    ? `${meta.toHeader} ${meta.recipients.join(' ')}`
                    : c.field === 'subject'
                        ? meta.subject
                        : c.field === 'body'
                            ? meta.snippet
                            : `${meta.from} ${meta.toHeader} ${meta.subject} ${meta.snippet}`;
            return haystack.toLowerCase().includes(c.needle);
        }
        case 'date': {
            const day = dayOf(c.field === 'internal' ? m.meta.receivedAt : m.meta.date);
            return c.cmp === 'since' ? day >= c.day : c.cmp === 'before' ? day < c.day : day === c.day;
        }
        case 'size':
            return c.cmp === 'larger' ? m.meta.size > c.bytes : m.meta.size < c.bytes;
        case 'seq':
            return (0, sequence_set_1.inSequenceSet)(c.ranges, c.uid ? m.uid : m.seq);
    }
}
//# sourceMappingURL=search.js.map