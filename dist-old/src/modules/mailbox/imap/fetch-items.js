"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseFetchItems = parseFetchItems;
exports.parseSection = parseSection;
exports.needsBody = needsBody;
const imap_parser_1 = require("./imap.parser");
const SIMPLE = new Set(['FLAGS', 'UID', 'RFC822.SIZE', 'INTERNALDATE', 'ENVELOPE', 'BODYSTRUCTURE', 'BODY']);
const MACROS = {
    ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
    FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
    FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};
const BODY_SECTION = /^(BODY(?:\.PEEK)?)\[([^\]]*)\](?:<(\d{1,10})\.(\d{1,10})>)?$/i;
function parseFetchItems(args) {
    const first = args[0];
    if (!first || args.length !== 1)
        throw new imap_parser_1.ImapSyntaxError('FETCH needs a set and data items');
    if (first.kind === 'atom' && MACROS[first.value.toUpperCase()])
        return MACROS[first.value.toUpperCase()].map((kind) => parseItem(kind));
    const items = first.kind === 'list' ? first.items : [first];
    if (items.length === 0)
        throw new imap_parser_1.ImapSyntaxError('empty FETCH item list');
    return items.map((t) => {
        if (t.kind !== 'atom')
            throw new imap_parser_1.ImapSyntaxError('FETCH items are atoms');
        return parseItem(t.value);
    });
}
function parseItem(text) {
    const upper = text.toUpperCase();
    if (SIMPLE.has(upper))
        return { kind: upper };
    if (upper === 'RFC822')
        return { kind: 'section', label: 'RFC822', section: { path: [] }, peek: false };
    if (upper === 'RFC822.HEADER')
        return { kind: 'section', label: 'RFC822.HEADER', section: { path: [], text: 'HEADER' }, peek: true };
    if (upper === 'RFC822.TEXT')
        return { kind: 'section', label: 'RFC822.TEXT', section: { path: [], text: 'TEXT' }, peek: false };
    const m = BODY_SECTION.exec(text);
    if (!m)
        throw new imap_parser_1.ImapSyntaxError(`unknown FETCH item ${text.slice(0, 40)}`);
    const section = parseSection(m[2]);
    const partial = m[3] === undefined ? undefined : { start: Number(m[3]), count: Number(m[4]) };
    if (partial && partial.count === 0)
        throw new imap_parser_1.ImapSyntaxError('a partial fetch needs a length above 0');
    const spec = sectionText(section);
    return {
        kind: 'section',
        label: `BODY[${spec}]${partial ? `<${partial.start}>` : ''}`,
        section,
        peek: m[1].toUpperCase() === 'BODY.PEEK',
        partial,
    };
}
function parseSection(inner) {
    const m = /^([^ (]*)\s*(?:\((.*)\))?$/.exec(inner.trim());
    if (!m)
        throw new imap_parser_1.ImapSyntaxError('bad section');
    const parts = m[1] === '' ? [] : m[1].split('.');
    const path = [];
    while (parts.length > 0 && /^[1-9]\d{0,5}$/.test(parts[0]))
        path.push(Number(parts.shift()));
    const text = parts.join('.').toUpperCase();
    const section = { path };
    if (text === '') {
        if (m[2] !== undefined)
            throw new imap_parser_1.ImapSyntaxError('bad section');
        return section;
    }
    if (!['HEADER', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT', 'TEXT', 'MIME'].includes(text))
        throw new imap_parser_1.ImapSyntaxError(`bad section ${text.slice(0, 30)}`);
    if (text === 'MIME' && path.length === 0)
        throw new imap_parser_1.ImapSyntaxError('MIME needs a part number');
    section.text = text;
    if (text.startsWith('HEADER.FIELDS')) {
        if (m[2] === undefined)
            throw new imap_parser_1.ImapSyntaxError(`${text} needs a list of field names`);
        const names = (0, imap_parser_1.tokenize)([m[2]]).map((t) => t.kind === 'atom' ? t.value : t.kind === 'string' ? t.value.toString() : '');
        if (names.length === 0 || names.some((n) => !/^[\x21-\x39\x3b-\x7e]+$/.test(n)))
            throw new imap_parser_1.ImapSyntaxError('bad header field name');
        section.fields = names;
    }
    else if (m[2] !== undefined)
        throw new imap_parser_1.ImapSyntaxError('bad section');
    return section;
}
function sectionText(section) {
    const parts = section.path.map(String);
    if (section.text)
        parts.push(section.text);
    const fields = section.fields ? ` (${section.fields.map((f) => f.toUpperCase()).join(' ')})` : '';
    return parts.join('.') + fields;
}
/** Whether the items need the message bytes (everything but flags, UID, size and date). */
function needsBody(items) {
    return items.some((i) => i.kind === 'section' || i.kind === 'ENVELOPE' || i.kind === 'BODYSTRUCTURE' || i.kind === 'BODY');
}
//# sourceMappingURL=fetch-items.js.map