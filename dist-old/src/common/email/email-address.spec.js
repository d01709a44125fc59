"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const email_address_1 = require("./email-address");
(0, node_test_1.describe)('email addresses', () => {
    (0, node_test_1.it)('accepts ordinary, plus-tagged, quoted and sub-domain addresses', () => {
        for (const ok of [
            'a@example.com',
            'First.Last+tag@Mail.Example.CO.uk',
            "o'brien@example.ie",
            '"john doe"@example.com',
            '"a\\"b"@example.com',
            `${'x'.repeat(64)}@example.com`,
        ])
            strict_1.default.equal((0, email_address_1.emailProblem)(ok), undefined, ok);
    });
    (0, node_test_1.it)('refuses what RFC 5321 or sane sending refuses', () => {
        for (const bad of [
            '',
            'plain',
            '@example.com',
            'a@',
            'a@localhost',
            'a..b@example.com',
            '.a@example.com',
            'a.@example.com',
            'a b@example.com',
            'a@exa_mple.com',
            'a@-example.com',
            'a@example-.com',
            'a@1.2.3.4',
            'a@[127.0.0.1]',
            'a\r\nBcc: evil@x.com@example.com',
            '"a\r\nb"@example.com',
            'é@example.com',
            `${'x'.repeat(65)}@example.com`,
            `a@${'l'.repeat(64)}.com`,
            `${'x'.repeat(60)}@${Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.')}.com`,
        ])
            strict_1.default.notEqual((0, email_address_1.emailProblem)(bad), undefined, JSON.stringify(bad));
    });
    (0, node_test_1.it)('keeps the local part, lower-cases the domain and keys on the whole address', () => {
        strict_1.default.deepEqual((0, email_address_1.parseEmail)('  Ada.Lovelace@Example.COM '), {
            email: 'Ada.Lovelace@example.com',
            display: 'Ada.Lovelace@Example.COM',
            key: 'ada.lovelace@example.com',
        });
    });
    (0, node_test_1.it)('parseEmail throws on an invalid address', () => {
        strict_1.default.throws(() => (0, email_address_1.parseEmail)('nope'));
    });
});
//# sourceMappingURL=email-address.spec.js.map