"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const fetch_items_1 = require("./fetch-items");
const imap_format_1 = require("./imap.format");
const imap_parser_1 = require("./imap.parser");
const mime_structure_1 = require("./mime-structure");
const str = (out) => (0, imap_format_1.toBuffer)([out]).toString();
const SIMPLE = Buffer.from([
    'From: "Ann, Example" <ann@example.test>',
    'To: bob@example.test, Carl <carl@example.test>',
    'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=',
    'Date: Sat, 21 Nov 2026 10:00:00 +0000',
    'Message-ID: <m1@example.test>',
    'X-Long: one',
    '  two',
    '',
    'line one',
    'line two',
    '',
].join('\r\n'));
const NESTED = Buffer.from([
    'Subject: outer',
    'Content-Type: multipart/mixed; boundary=outer',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain',
    '',
    'plain',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>html</p>',
    '--inner--',
    '--outer',
    'Content-Type: message/rfc822',
    '',
    'Subject: inner message',
    'From: x@example.test',
    '',
    'inner body',
    '--outer--',
    '',
].join('\r\n'));
function section(raw, spec) {
    const [item] = (0, fetch_items_1.parseFetchItems)((0, imap_parser_1.tokenize)([`BODY.PEEK[${spec}]`]));
    strict_1.default.equal(item.kind, 'section');
    if (item.kind !== 'section')
        return '';
    return (0, mime_structure_1.extractSection)(raw, (0, mime_structure_1.parseMime)(raw), item.section).toString();
}
(0, node_test_1.describe)('ENVELOPE', () => {
    (0, node_test_1.it)('lists date, subject (still encoded), addresses with Sender/Reply-To defaulting to From, and ids', () => {
        const from = '(("Ann, Example" NIL "ann" "example.test"))';
        strict_1.default.equal(str((0, mime_structure_1.buildEnvelope)((0, mime_structure_1.parseMime)(SIMPLE).headers)), `("Sat, 21 Nov 2026 10:00:00 +0000" "=?utf-8?q?Gr=C3=BC=C3=9Fe?=" ${from} ${from} ${from} ` +
            '((NIL NIL "bob" "example.test") ("Carl" NIL "carl" "example.test")) NIL NIL NIL "<m1@example.test>")');
    });
    (0, node_test_1.it)('sends a value with a quote or 8-bit bytes safely', () => {
        const raw = Buffer.from('Subject: say "hi" \\ bye\r\nFrom: Jürgen <j@example.test>\r\n\r\n');
        const env = str((0, mime_structure_1.buildEnvelope)((0, mime_structure_1.parseMime)(raw).headers));
        strict_1.default.match(env, /"say \\"hi\\" \\\\ bye"/);
        strict_1.default.match(env, /\(\{7\}\r\nJürgen NIL "j" "example.test"\)/);
    });
});
(0, node_test_1.describe)('BODYSTRUCTURE', () => {
    (0, node_test_1.it)('describes a single text part with size and lines', () => {
        strict_1.default.equal(str((0, mime_structure_1.buildBodyStructure)((0, mime_structure_1.parseMime)(SIMPLE), false)), '("text" "plain" ("CHARSET" "us-ascii") NIL NIL "7bit" 20 2)');
    });
    (0, node_test_1.it)('describes nested multiparts and an enclosed message', () => {
        const out = str((0, mime_structure_1.buildBodyStructure)((0, mime_structure_1.parseMime)(NESTED), true));
        strict_1.default.match(out, /^\(\(\("text" "plain" \("CHARSET" "us-ascii"\) NIL NIL "7bit" 5 1 NIL NIL NIL NIL\)/);
        strict_1.default.match(out, /\("text" "html" \("CHARSET" "utf-8"\) NIL NIL "7bit" 11 1 NIL NIL NIL NIL\) "alternative" \("BOUNDARY" "inner"\) NIL NIL NIL\)/);
        strict_1.default.match(out, /\("message" "rfc822" NIL NIL NIL "7bit" \d+ \(NIL "inner message" \(\(NIL NIL "x" "example.test"\)\)/);
        strict_1.default.match(out, / "mixed" \("BOUNDARY" "outer"\) NIL NIL NIL\)$/);
    });
});
(0, node_test_1.describe)('BODY[section]', () => {
    (0, node_test_1.it)('cuts HEADER, HEADER.FIELDS (folding kept), HEADER.FIELDS.NOT and TEXT', () => {
        strict_1.default.equal(section(SIMPLE, 'TEXT'), 'line one\r\nline two\r\n');
        strict_1.default.equal(section(SIMPLE, 'HEADER.FIELDS (x-long SUBJECT)'), 'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nX-Long: one\r\n  two\r\n\r\n');
        strict_1.default.match(section(SIMPLE, 'HEADER.FIELDS.NOT (X-LONG)'), /^From: [\s\S]*Message-ID: <m1@example.test>\r\n\r\n$/);
        strict_1.default.ok(section(SIMPLE, 'HEADER').endsWith('  two\r\n\r\n'));
        strict_1.default.equal(section(SIMPLE, '1'), 'line one\r\nline two\r\n');
    });
    (0, node_test_1.it)('addresses parts by number, MIME headers and an enclosed message', () => {
        strict_1.default.equal(section(NESTED, '1.1'), 'plain');
        strict_1.default.equal(section(NESTED, '1.2'), '<p>html</p>');
        strict_1.default.equal(section(NESTED, '1.2.MIME'), 'Content-Type: text/html; charset=utf-8\r\n\r\n');
        strict_1.default.equal(section(NESTED, '2.HEADER'), 'Subject: inner message\r\nFrom: x@example.test\r\n\r\n');
        strict_1.default.equal(section(NESTED, '2.TEXT'), 'inner body');
        strict_1.default.equal(section(NESTED, '2.1'), 'inner body');
        strict_1.default.equal(section(NESTED, '3'), '');
        strict_1.default.equal(section(NESTED, '1.1.TEXT'), '');
    });
    (0, node_test_1.it)('names the answer as the client asked, with the partial origin', () => {
        const [a, b] = (0, fetch_items_1.parseFetchItems)((0, imap_parser_1.tokenize)(['(body[header.fields (subject)]<5.10> BODY.PEEK[1.TEXT])']));
        strict_1.default.ok(a.kind === 'section' && b.kind === 'section');
        strict_1.default.equal(a.label, 'BODY[HEADER.FIELDS (SUBJECT)]<5>');
        strict_1.default.deepEqual(a.partial, { start: 5, count: 10 });
        strict_1.default.equal(a.peek, false);
        strict_1.default.equal(b.label, 'BODY[1.TEXT]');
        strict_1.default.equal(b.peek, true);
    });
});
//# sourceMappingURL=mime-structure.spec.js.map