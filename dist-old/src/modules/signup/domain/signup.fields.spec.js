"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const signup_fields_1 = require("./signup.fields");
(0, node_test_1.describe)('signup fields', () => {
    (0, node_test_1.it)('names: 1-64 characters after trimming, no control characters', () => {
        for (const ok of ['A', '  Ada Lovelace  ', '김민준', 'Eve "The <Boss>"', 'x'.repeat(64), '😀'.repeat(64)])
            strict_1.default.ok(signup_fields_1.nameField.safeParse(ok).success, ok);
        for (const bad of [
            '',
            '   ',
            'x'.repeat(65),
            'x\r\nBcc: evil@example.com',
            'tab\there',
            'nul\u0000',
            'del\u007f',
            'line\u2028sep',
            'bidi\u202eoverride',
        ])
            strict_1.default.ok(!signup_fields_1.nameField.safeParse(bad).success, JSON.stringify(bad));
    });
    (0, node_test_1.it)('passwords: 8-128 characters, counted as characters not bytes', () => {
        strict_1.default.ok(signup_fields_1.passwordField.safeParse('12345678').success);
        strict_1.default.ok(signup_fields_1.passwordField.safeParse('비'.repeat(128)).success);
        strict_1.default.ok(!signup_fields_1.passwordField.safeParse('1234567').success);
        strict_1.default.ok(!signup_fields_1.passwordField.safeParse('p'.repeat(129)).success);
    });
});
//# sourceMappingURL=signup.fields.spec.js.map