"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const smtp_transport_1 = require("./smtp.transport");
(0, node_test_1.describe)('SMTP_URL', () => {
    (0, node_test_1.it)('smtps:// is implicit TLS on 465 by default, with decoded credentials', () => {
        strict_1.default.deepEqual((0, smtp_transport_1.parseSmtpUrl)('smtps://me%40example.com:p%3Ass@mail.example.com'), {
            host: 'mail.example.com',
            port: 465,
            secure: true,
            auth: { user: 'me@example.com', pass: 'p:ss' },
        });
    });
    (0, node_test_1.it)('smtp:// starts in plain text (STARTTLS when offered), 587 by default, no auth without user info', () => {
        strict_1.default.deepEqual((0, smtp_transport_1.parseSmtpUrl)('smtp://127.0.0.1:2525'), {
            host: '127.0.0.1',
            port: 2525,
            secure: false,
            auth: undefined,
        });
        strict_1.default.equal((0, smtp_transport_1.parseSmtpUrl)('smtp://relay.example').port, 587);
        strict_1.default.equal((0, smtp_transport_1.parseSmtpUrl)('smtp://[::1]:25').host, '::1');
    });
});
//# sourceMappingURL=smtp.transport.spec.js.map