"use strict";
/**
 * IMAP command syntax (RFC 3501 §9): a command arrives from the framer as line text with any
 * literals already read (`{n}` / `{n+}` replaced by their bytes), and is tokenized here into atoms,
 * strings (quoted or literal) and parenthesized lists. A fetch attribute such as
 * `BODY.PEEK[HEADER.FIELDS (SUBJECT)]<0.100>` stays one atom: inside `[...]` spaces and parentheses
 * belong to the atom, as the grammar's section spec requires.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.TaggedSyntaxError = exports.ImapSyntaxError = void 0;
exports.parseCommand = parseCommand;
exports.tokenize = tokenize;
exports.asString = asString;
exports.asAtom = asAtom;
class ImapSyntaxError extends Error {
}
exports.ImapSyntaxError = ImapSyntaxError;
/** Nesting beyond this is garbage, not a client: it would only cost stack. */
const MAX_DEPTH = 32;
const ATOM_SPECIALS = new Set(['(', ')', '{', ' ', '"', '\\', ']', '%', '*']);
function parseCommand(chunks) {
    const tokens = tokenize(chunks);
    const [tag, name] = tokens;
    if (tag?.kind !== 'atom' || !/^[\x21-\x7e]+$/.test(tag.value) || tag.value.includes('+'))
        throw new ImapSyntaxError('missing or invalid tag');
    if (name?.kind !== 'atom' || !/^[A-Za-z]+$/.test(name.value))
        throw new TaggedSyntaxError(tag.value, 'missing command');
    return { tag: tag.value, name: name.value.toUpperCase(), args: tokens.slice(2) };
}
/** A syntax error after the tag was read: answered `tag BAD`. */
class TaggedSyntaxError extends ImapSyntaxError {
    tag;
    constructor(tag, message) {
        super(message);
        this.tag = tag;
    }
}
exports.TaggedSyntaxError = TaggedSyntaxError;
function tokenize(chunks) {
    const root = [];
    const stack = [root];
    const top = () => stack[stack.length - 1];
    for (const chunk of chunks) {
        if (Buffer.isBuffer(chunk)) {
            top().push({ kind: 'string', value: chunk });
            continue;
        }
        let i = 0;
        while (i < chunk.length) {
            const c = chunk[i];
            if (c === ' ') {
                i++;
            }
            else if (c === '(') {
                if (stack.length > MAX_DEPTH)
                    throw new ImapSyntaxError('lists nested too deeply');
                const list = { kind: 'list', items: [] };
                top().push(list);
                stack.push(list.items);
                i++;
            }
            else if (c === ')') {
                if (stack.length === 1)
                    throw new ImapSyntaxError('unbalanced parenthesis');
                stack.pop();
                i++;
            }
            else if (c === '"') {
                const [value, next] = readQuoted(chunk, i + 1);
                top().push({ kind: 'string', value });
                i = next;
            }
            else {
                const next = readAtom(chunk, i);
                top().push({ kind: 'atom', value: chunk.slice(i, next) });
                i = next;
            }
        }
    }
    if (stack.length !== 1)
        throw new ImapSyntaxError('unbalanced parenthesis');
    return root;
}
function readQuoted(s, start) {
    let out = '';
    for (let i = start; i < s.length; i++) {
        const c = s[i];
        if (c === '"')
            return [Buffer.from(out, 'utf8'), i + 1];
        if (c === '\\') {
            const n = s[++i];
            if (n !== '"' && n !== '\\')
                throw new ImapSyntaxError('bad escape in quoted string');
            out += n;
        }
        else
            out += c;
    }
    throw new ImapSyntaxError('unterminated quoted string');
}
/** An atom, where `[` opens a section that runs (spaces included) to its `]`. */
function readAtom(s, start) {
    let i = start;
    while (i < s.length) {
        const c = s[i];
        if (c === '[') {
            const close = s.indexOf(']', i);
            if (close < 0)
                throw new ImapSyntaxError('unterminated section');
            i = close + 1;
            continue;
        }
        // A flag (`\Seen`) is an atom after a backslash.
        if (c === '\\' && i === start) {
            i++;
            continue;
        }
        // `]` ends an atom only outside a section; `*` and `%` are fine in sequence sets and LIST patterns.
        if (c === '*' || c === '%' || c === ']') {
            i++;
            continue;
        }
        if (ATOM_SPECIALS.has(c) || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
            break;
        i++;
    }
    if (i === start)
        throw new ImapSyntaxError(`unexpected character ${JSON.stringify(s[start])}`);
    return i;
}
/** The text of an atom or string argument (astring), or undefined. */
function asString(token) {
    if (!token)
        return undefined;
    if (token.kind === 'atom')
        return token.value;
    if (token.kind === 'string')
        return token.value.toString('utf8');
    return undefined;
}
function asAtom(token) {
    return token?.kind === 'atom' ? token.value : undefined;
}
//# sourceMappingURL=imap.parser.js.map