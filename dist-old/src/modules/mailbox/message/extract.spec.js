"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const extract_1 = require("./extract");
(0, node_test_1.describe)('extractLinks', () => {
    (0, node_test_1.it)('takes hrefs from the HTML (entities decoded) and URLs from the text, de-duplicated', () => {
        const html = `<a href="https://app.test/verify?token=abc&amp;x=1">Verify</a> <a href='http://b.test/'>b</a>
      <a href=https://c.test/path>c</a> <a href="mailto:x@y.test">mail</a> <a href="javascript:alert(1)">x</a>`;
        const text = 'Open https://app.test/verify?token=abc&x=1. Or (https://d.test/q?a=1), then https://b.test/';
        strict_1.default.deepEqual((0, extract_1.extractLinks)(text, html), [
            'https://app.test/verify?token=abc&x=1',
            'http://b.test/',
            'https://c.test/path',
            'https://d.test/q?a=1',
            'https://b.test/',
        ]);
    });
    (0, node_test_1.it)('copes with missing parts', () => {
        strict_1.default.deepEqual((0, extract_1.extractLinks)(undefined, undefined), []);
        strict_1.default.deepEqual((0, extract_1.extractLinks)('no links here', ''), []);
    });
});
(0, node_test_1.describe)('extractCodes', () => {
    (0, node_test_1.it)('finds standalone codes, 6-digit ones first', () => {
        strict_1.default.deepEqual((0, extract_1.extractCodes)('Your code is 482913', 'Code: 482913. Backup 1234 or 87654321.'), [
            '482913',
            '1234',
            '87654321',
        ]);
    });
    (0, node_test_1.it)('ignores digits that are part of dates, times, decimals, phone numbers, words and URLs', () => {
        const text = [
            'Sent 2026-11-21 at 10:30:15, order A12345, total 1234.50 EUR, call +1-555-0100,',
            'link https://x.test/v?code=654321 or /path/777777, id abc123456, 123456789 is too long.',
        ].join('\n');
        strict_1.default.deepEqual((0, extract_1.extractCodes)('', text), []);
    });
    (0, node_test_1.it)('ignores a number glued to a letter of any script, such as the year of a Korean date', () => {
        const text = '발송 2026년 11월 22일 21:11, 인증 코드 482913 입니다. 1234번 주문, 5678円, 4321abc, Ж9876';
        strict_1.default.deepEqual((0, extract_1.extractCodes)('[mailgate] 2026년 11월 22일 안내', text), ['482913']);
    });
    (0, node_test_1.it)('still finds a code next to Hangul punctuation or spaces', () => {
        strict_1.default.deepEqual((0, extract_1.extractCodes)(undefined, '코드: 135790\n(246802) 코드는 975310 입니다'), [
            '135790',
            '246802',
            '975310',
        ]);
    });
    (0, node_test_1.it)('keeps a code at the end of a sentence or in brackets', () => {
        strict_1.default.deepEqual((0, extract_1.extractCodes)(undefined, 'Enter 135790.\n(246802)'), ['135790', '246802']);
    });
});
//# sourceMappingURL=extract.spec.js.map