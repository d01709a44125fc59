"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const email_fields_1 = require("./email.fields");
(0, node_test_1.describe)('Email API fields', () => {
    (0, node_test_1.it)('takes recipients with RFC 5321 addresses and refuses the rest (rules in common/email)', () => {
        for (const ok of ['a@example.com', 'first.last+tag@sub.example.co', '"quoted local"@example.com'])
            strict_1.default.equal(email_fields_1.recipientField.safeParse(ok).success, true, ok);
        for (const bad of [
            '',
            'no-at',
            '@example.com',
            'a@',
            'a@localhost',
            'a@example.123',
            'a..b@example.com',
            'a b@example.com',
            `${'x'.repeat(65)}@example.com`,
            'a@exa_mple.com',
            'a@example.com\r\nBcc: x@evil.test',
            'a@[127.0.0.1]',
        ])
            strict_1.default.equal(email_fields_1.recipientField.safeParse(bad).success, false, JSON.stringify(bad));
    });
    (0, node_test_1.it)('a recipient is an address or {address, name}; names have no control characters', () => {
        strict_1.default.deepEqual(email_fields_1.recipientField.parse(' a@example.com '), { address: 'a@example.com' });
        strict_1.default.deepEqual(email_fields_1.recipientField.parse({ address: 'a@example.com', name: ' Ada ' }), {
            address: 'a@example.com',
            name: 'Ada',
        });
        for (const name of ['a\r\nBcc: x@evil.test', 'a\u0000b', 'a\u2028b', 'evil\u202egnp.exe', ''])
            strict_1.default.equal(email_fields_1.recipientField.safeParse({ address: 'a@example.com', name }).success, false, name);
        strict_1.default.equal(email_fields_1.recipientField.safeParse({ address: 'a@example.com', cc: 'x@evil.test' }).success, false);
    });
    (0, node_test_1.it)('a subject is one line of at most 500 characters', () => {
        strict_1.default.equal(email_fields_1.subjectField.parse('  Hello  '), 'Hello');
        for (const bad of ['a\nb', 'a\rb', 'a\tb', '   ', 'x'.repeat(501)])
            strict_1.default.equal(email_fields_1.subjectField.safeParse(bad).success, false, JSON.stringify(bad));
    });
    (0, node_test_1.it)('an attachment has a plain file name, base64 content and a bare media type', () => {
        const good = { filename: 'report 2026.pdf', content: 'JVBERg==', contentType: 'application/pdf' };
        strict_1.default.equal(email_fields_1.attachmentField.safeParse(good).success, true);
        for (const change of [
            { filename: '../x' },
            { filename: 'a\\b' },
            { filename: '.' },
            { filename: 'a\nb' },
            { content: 'JVBERg=' },
            { content: 'not base64' },
            { contentType: 'text/plain; charset=utf-8' },
            { contentType: 'text' },
        ])
            strict_1.default.equal(email_fields_1.attachmentField.safeParse({ ...good, ...change }).success, false, JSON.stringify(change));
    });
});
//# sourceMappingURL=email.fields.spec.js.map