"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseMime = parseMime;
exports.parseHeader = parseHeader;
exports.header = header;
exports.parseParams = parseParams;
exports.buildEnvelope = buildEnvelope;
exports.buildBodyStructure = buildBodyStructure;
exports.extractSection = extractSection;
const addressparser_1 = __importDefault(require("nodemailer/lib/addressparser"));
const imap_format_1 = require("./imap.format");
/** Deeper nesting than this is treated as an opaque leaf: it would only cost stack and time. */
const MAX_DEPTH = 16;
const MAX_PARTS = 1000;
function parseMime(raw) {
    const budget = { parts: 0 };
    return parseNode(raw, 0, raw.length, 0, 'text/plain', budget);
}
function parseNode(raw, start, end, depth, defaultType, budget) {
    budget.parts++;
    const { headers, bodyStart } = parseHeader(raw, start, end);
    const contentType = header(headers, 'content-type');
    const parsed = contentType ? parseParams(contentType) : undefined;
    let [type, subtype] = (parsed?.value ?? defaultType).toLowerCase().split('/');
    if (!type || !subtype)
        [type, subtype] = ['text', 'plain'];
    const params = parsed?.params ?? [];
    if (type === 'text' && !params.some(([k]) => k === 'charset'))
        params.push(['charset', 'us-ascii']);
    const node = {
        start,
        bodyStart,
        end,
        headers,
        type,
        subtype,
        params,
        lines: countLines(raw, bodyStart, end),
    };
    const nestable = depth < MAX_DEPTH && budget.parts < MAX_PARTS;
    const boundary = params.find(([k]) => k === 'boundary')?.[1];
    if (type === 'multipart' && boundary && nestable) {
        const childType = subtype === 'digest' ? 'message/rfc822' : 'text/plain';
        node.children = splitParts(raw, bodyStart, end, boundary).map(([s, e]) => parseNode(raw, s, e, depth + 1, childType, budget));
    }
    else if (type === 'message' && subtype === 'rfc822' && nestable) {
        node.message = parseNode(raw, bodyStart, end, depth + 1, 'text/plain', budget);
    }
    return node;
}
function parseHeader(raw, start, end) {
    const lines = [];
    let pos = start;
    let bodyStart = end;
    while (pos < end) {
        let lf = raw.indexOf(0x0a, pos);
        if (lf < 0 || lf >= end)
            lf = end;
        const lineEnd = lf > pos && raw[lf - 1] === 0x0d ? lf - 1 : lf;
        if (lineEnd === pos) {
            bodyStart = Math.min(lf + 1, end);
            break;
        }
        lines.push([pos, lineEnd]);
        pos = lf + 1;
    }
    // Field ranges first (a folded line extends the field before it), then copies of their bytes:
    // a cached tree must not keep the whole message's buffer alive through a slice.
    const ranges = [];
    for (const [s, e] of lines) {
        const first = raw[s];
        const last = ranges[ranges.length - 1];
        if ((first === 0x20 || first === 0x09) && last) {
            last[2] = e;
            continue;
        }
        const colon = raw.indexOf(0x3a, s);
        if (colon < 0 || colon >= e)
            continue;
        ranges.push([s, colon, e]);
    }
    const headers = ranges.map(([s, colon, e]) => {
        const text = raw.toString('utf8', s, e);
        return {
            name: raw.toString('latin1', s, colon).trim().toLowerCase(),
            raw: Buffer.from(raw.subarray(s, e)),
            value: text
                .slice(text.indexOf(':') + 1)
                .replace(/\r?\n[ \t]/g, ' ')
                .trim(),
        };
    });
    return { headers, bodyStart };
}
function header(headers, name) {
    return headers.find((h) => h.name === name)?.value;
}
/** `value; a=b; c="d e"` → value and its parameters (names lower-cased). */
function parseParams(text) {
    const params = [];
    const semi = text.indexOf(';');
    const value = (semi < 0 ? text : text.slice(0, semi)).trim();
    const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
    let m;
    while ((m = re.exec(text)) !== null)
        params.push([m[1].toLowerCase(), m[2]?.replace(/\\(.)/g, '$1') ?? m[3]]);
    return { value, params };
}
function countLines(raw, start, end) {
    let n = 0;
    for (let i = raw.indexOf(0x0a, start); i >= 0 && i < end; i = raw.indexOf(0x0a, i + 1))
        n++;
    if (end > start && raw[end - 1] !== 0x0a)
        n++;
    return n;
}
/** The [start, end) of each body part between `--boundary` lines (the CRLF before a delimiter is the delimiter's). */
function splitParts(raw, start, end, boundary) {
    const delimiter = Buffer.from(`--${boundary}`);
    const parts = [];
    let partStart = -1;
    let pos = start;
    while (pos < end) {
        const at = raw.indexOf(delimiter, pos);
        if (at < 0 || at >= end)
            break;
        pos = at + delimiter.length;
        if (at !== start && raw[at - 1] !== 0x0a)
            continue;
        const closing = raw[pos] === 0x2d && raw[pos + 1] === 0x2d;
        if (partStart >= 0) {
            let partEnd = at;
            if (partEnd > partStart && raw[partEnd - 1] === 0x0a)
                partEnd--;
            if (partEnd > partStart && raw[partEnd - 1] === 0x0d)
                partEnd--;
            parts.push([partStart, Math.max(partStart, partEnd)]);
            if (parts.length >= MAX_PARTS)
                break;
        }
        if (closing)
            return parts;
        const lf = raw.indexOf(0x0a, pos);
        if (lf < 0 || lf >= end)
            return parts;
        partStart = lf + 1;
        pos = partStart;
    }
    // No closing delimiter: the last part runs to the end.
    if (partStart >= 0 && partStart < end)
        parts.push([partStart, end]);
    return parts;
}
function addresses(value) {
    if (!value)
        return 'NIL';
    const flat = [];
    const walk = (list) => {
        for (const a of list) {
            if (a.group)
                walk(a.group);
            else
                flat.push(a);
        }
    };
    walk((0, addressparser_1.default)(value));
    const items = flat
        .filter((a) => a.address)
        .map((a) => {
        const address = a.address ?? '';
        const at = address.lastIndexOf('@');
        const mailbox = at < 0 ? address : address.slice(0, at);
        const host = at < 0 ? undefined : address.slice(at + 1);
        return (0, imap_format_1.list)([a.name ? (0, imap_format_1.istring)(a.name) : 'NIL', 'NIL', (0, imap_format_1.istring)(mailbox), (0, imap_format_1.nstring)(host)]);
    });
    return (0, imap_format_1.list)(items, true);
}
/** ENVELOPE (RFC 3501 §7.4.2): Sender and Reply-To default to From, as the RFC asks. */
function buildEnvelope(headers) {
    const get = (name) => header(headers, name);
    const from = get('from');
    return (0, imap_format_1.list)([
        (0, imap_format_1.nstring)(get('date')),
        (0, imap_format_1.nstring)(get('subject')),
        addresses(from),
        addresses(get('sender') ?? from),
        addresses(get('reply-to') ?? from),
        addresses(get('to')),
        addresses(get('cc')),
        addresses(get('bcc')),
        (0, imap_format_1.nstring)(get('in-reply-to')),
        (0, imap_format_1.nstring)(get('message-id')),
    ]);
}
// ---------------------------------------------------------------- BODYSTRUCTURE
function paramList(params) {
    return (0, imap_format_1.list)(params.flatMap(([k, v]) => [(0, imap_format_1.istring)(k.toUpperCase()), (0, imap_format_1.istring)(v)]), true);
}
function disposition(node) {
    const value = header(node.headers, 'content-disposition');
    if (!value)
        return 'NIL';
    const parsed = parseParams(value);
    return (0, imap_format_1.list)([(0, imap_format_1.istring)(parsed.value.toLowerCase()), paramList(parsed.params)]);
}
function extension(node) {
    const language = header(node.headers, 'content-language');
    return [
        disposition(node),
        language ? (0, imap_format_1.list)([(0, imap_format_1.istring)(language)]) : 'NIL',
        (0, imap_format_1.nstring)(header(node.headers, 'content-location')),
    ];
}
/** BODYSTRUCTURE (`extensible`) or BODY (RFC 3501 §7.4.2). */
function buildBodyStructure(node, extensible) {
    if (node.children && node.children.length > 0) {
        const parts = node.children.map((c) => buildBodyStructure(c, extensible));
        const tail = [(0, imap_format_1.istring)(node.subtype)];
        if (extensible)
            tail.push(paramList(node.params.filter(([k]) => k !== 'charset')), ...extension(node));
        const inner = (0, imap_format_1.list)(tail);
        // `(part)(part) "mixed" …`: the parts are not separated by spaces.
        const innerParts = typeof inner === 'string' ? [inner.slice(1)] : [inner.subarray(1)];
        return (0, imap_format_1.toBuffer)(['(', ...parts, ' ', ...innerParts]);
    }
    const type = node.children ? ['text', 'plain'] : [node.type, node.subtype];
    const encoding = header(node.headers, 'content-transfer-encoding')?.toLowerCase() ?? '7bit';
    const fields = [
        (0, imap_format_1.istring)(type[0]),
        (0, imap_format_1.istring)(type[1]),
        paramList(node.params.filter(([k]) => k !== 'boundary')),
        (0, imap_format_1.nstring)(header(node.headers, 'content-id')),
        (0, imap_format_1.nstring)(header(node.headers, 'content-description')),
        (0, imap_format_1.istring)(encoding),
        String(node.end - node.bodyStart),
    ];
    if (node.message)
        fields.push(buildEnvelope(node.message.headers), buildBodyStructure(node.message, extensible));
    if (type[0] === 'text' || node.message)
        fields.push(String(node.lines));
    if (extensible)
        fields.push((0, imap_format_1.nstring)(header(node.headers, 'content-md5')), ...extension(node));
    return (0, imap_format_1.list)(fields);
}
function partAt(root, path) {
    let node = root;
    for (const n of path) {
        if (!node)
            return undefined;
        if (node.message)
            node = node.message;
        if (node.children)
            node = node.children[n - 1];
        else if (n !== 1)
            return undefined;
    }
    return node;
}
/** The bytes a section names (RFC 3501 §6.4.5); an empty buffer when the message has no such part. */
function extractSection(raw, root, section) {
    const node = partAt(root, section.path);
    if (!node)
        return Buffer.alloc(0);
    if (!section.text)
        return section.path.length === 0 ? raw : raw.subarray(node.bodyStart, node.end);
    if (section.text === 'MIME')
        return section.path.length === 0 ? Buffer.alloc(0) : raw.subarray(node.start, node.bodyStart);
    // HEADER and TEXT of a part number address its enclosed message (message/rfc822 only).
    const message = section.path.length === 0 ? node : node.message;
    if (!message)
        return Buffer.alloc(0);
    switch (section.text) {
        case 'TEXT':
            return raw.subarray(message.bodyStart, message.end);
        case 'HEADER':
            return headerBlock(raw, message);
        case 'HEADER.FIELDS':
        case 'HEADER.FIELDS.NOT': {
            const names = new Set((section.fields ?? []).map((f) => f.toLowerCase()));
            const keep = section.text === 'HEADER.FIELDS';
            const picked = message.headers.filter((h) => names.has(h.name) === keep);
            return Buffer.concat([...picked.flatMap((h) => [h.raw, Buffer.from('\r\n')]), Buffer.from('\r\n')]);
        }
    }
}
function headerBlock(raw, node) {
    const block = raw.subarray(node.start, node.bodyStart);
    const text = block.toString('latin1', Math.max(0, block.length - 4));
    // A header with no blank line after it (no body) still gets the empty line the grammar promises.
    if (block.length === 0 || text.endsWith('\n\n') || text.endsWith('\n\r\n'))
        return block;
    return Buffer.concat([block, Buffer.from(text.endsWith('\n') ? '\r\n' : '\r\n\r\n')]);
}
//# sourceMappingURL=mime-structure.js.map