"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const imap_framer_1 = require("./imap.framer");
const imap_parser_1 = require("./imap.parser");
const text = (t) => t.kind === 'atom' ? t.value : t.kind === 'string' ? `"${t.value.toString()}"` : t.items.map(text);
(0, node_test_1.describe)('IMAP tokenizer', () => {
    (0, node_test_1.it)('reads atoms, quoted strings with escapes, nested lists and NIL', () => {
        strict_1.default.deepEqual((0, imap_parser_1.tokenize)(['a1 LOGIN "us\\"er" (x (y z)) NIL']).map(text), [
            'a1',
            'LOGIN',
            '"us"er"',
            ['x', ['y', 'z']],
            'NIL',
        ]);
    });
    (0, node_test_1.it)('keeps a fetch section with spaces and a partial range as one atom', () => {
        strict_1.default.deepEqual((0, imap_parser_1.tokenize)(['1 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100> FLAGS)']).map(text), [
            '1',
            ['UID', 'BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100>', 'FLAGS'],
        ]);
    });
    (0, node_test_1.it)('reads flags, sequence sets and LIST wildcards as atoms', () => {
        strict_1.default.deepEqual((0, imap_parser_1.tokenize)(['1:* +FLAGS (\\Seen \\Deleted) "" %']).map(text), [
            '1:*',
            '+FLAGS',
            ['\\Seen', '\\Deleted'],
            '""',
            '%',
        ]);
    });
    (0, node_test_1.it)('turns literals into strings', () => {
        const cmd = (0, imap_parser_1.parseCommand)(['a LOGIN ', Buffer.from('bob'), ' ', Buffer.from('p w\r\n'), '']);
        strict_1.default.equal(cmd.name, 'LOGIN');
        strict_1.default.deepEqual(cmd.args.map(text), ['"bob"', '"p w\r\n"']);
    });
    (0, node_test_1.it)('refuses unbalanced input and a missing tag', () => {
        for (const bad of ['a (x', 'a x)', 'a "open', '(', '+ x', ''])
            strict_1.default.throws(() => (0, imap_parser_1.parseCommand)([bad]), imap_parser_1.ImapSyntaxError, bad);
    });
});
function frame(limits = { maxLine: 100, maxLiteral: 50 }) {
    const commands = [];
    const events = [];
    const framer = new imap_framer_1.CommandFramer(limits, {
        command: (c) => commands.push(c),
        continueLiteral: () => events.push('+'),
        reject: (tag, reason, fatal) => events.push(`${tag} ${reason}${fatal ? ' (fatal)' : ''}`),
    });
    return { framer, commands, events };
}
(0, node_test_1.describe)('IMAP framer', () => {
    (0, node_test_1.it)('splits pipelined commands and lines cut anywhere', () => {
        const { framer, commands } = frame();
        framer.push(Buffer.from('a NOOP\r\nb NO'));
        framer.push(Buffer.from('OP\r\n'));
        strict_1.default.deepEqual(commands, [['a NOOP'], ['b NOOP']]);
    });
    (0, node_test_1.it)('asks for a synchronizing literal and reads exactly its bytes', () => {
        const { framer, commands, events } = frame();
        framer.push(Buffer.from('a LOGIN {3}\r\n'));
        strict_1.default.deepEqual(events, ['+']);
        framer.push(Buffer.from('b\r\nx {2+}\r\n\r\n\r\n'));
        strict_1.default.deepEqual(commands, [['a LOGIN ', Buffer.from('b\r\n'), 'x ', Buffer.from('\r\n'), '']]);
    });
    (0, node_test_1.it)('refuses a literal over the cap from its announced size', () => {
        const { framer, commands, events } = frame();
        framer.push(Buffer.from('a LOGIN {51}\r\nb NOOP\r\n'));
        framer.push(Buffer.from('c LOGIN {1000000+}\r\n'));
        strict_1.default.deepEqual(events, [
            'a literal too big (limit 50 bytes)',
            'c literal too big (limit 50 bytes) (fatal)',
        ]);
        strict_1.default.deepEqual(commands, [['b NOOP']]);
    });
    (0, node_test_1.it)('drops an over-long line, even one that never ends, and carries on after it', () => {
        const { framer, commands, events } = frame();
        framer.push(Buffer.from(`a ${'x'.repeat(150)}`));
        framer.push(Buffer.from('y'.repeat(500)));
        framer.push(Buffer.from('\r\nb NOOP\r\n'));
        strict_1.default.deepEqual(events, ['a line too long']);
        strict_1.default.deepEqual(commands, [['b NOOP']]);
    });
});
//# sourceMappingURL=imap.parser.spec.js.map