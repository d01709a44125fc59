"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const pop3_encoding_1 = require("./pop3.encoding");
(0, node_test_1.describe)('POP3 encoding', () => {
    (0, node_test_1.it)('splits on CRLF, LF and CR alike', () => {
        const lines = (0, pop3_encoding_1.splitLines)(Buffer.from('a\r\nb\nc\rd'));
        strict_1.default.deepEqual(lines.map((l) => l.toString()), ['a', 'b', 'c', 'd']);
    });
    (0, node_test_1.it)('ends every line in CRLF, stuffs leading dots and terminates', () => {
        const raw = Buffer.from('Subject: x\n\n.\n..\n.hidden\nend');
        strict_1.default.equal((0, pop3_encoding_1.encodeMessage)(raw).toString(), 'Subject: x\r\n\r\n..\r\n...\r\n..hidden\r\nend\r\n.\r\n');
    });
    (0, node_test_1.it)('TOP keeps the header, the blank line and n body lines', () => {
        const raw = Buffer.from('A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n');
        strict_1.default.equal((0, pop3_encoding_1.encodeMessage)(raw, 0).toString(), 'A: 1\r\nB: 2\r\n\r\n.\r\n');
        strict_1.default.equal((0, pop3_encoding_1.encodeMessage)(raw, 2).toString(), 'A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n.\r\n');
        strict_1.default.equal((0, pop3_encoding_1.encodeMessage)(raw, 99).toString(), 'A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n.\r\n');
    });
    (0, node_test_1.it)('leaves 8-bit bytes alone', () => {
        const raw = Buffer.from([0x53, 0x3a, 0xff, 0x0a, 0x0a, 0xe2, 0x82, 0xac]);
        strict_1.default.deepEqual((0, pop3_encoding_1.encodeMessage)(raw), Buffer.from([0x53, 0x3a, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0xe2, 0x82, 0xac, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]));
    });
});
//# sourceMappingURL=pop3.encoding.spec.js.map