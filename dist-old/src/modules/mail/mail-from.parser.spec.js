"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const mail_from_parser_1 = require("./mail-from.parser");
(0, node_test_1.describe)('MAIL_FROM parsing', () => {
    (0, node_test_1.it)('reads a name and an address', () => {
        strict_1.default.deepEqual((0, mail_from_parser_1.parseMailFrom)('mailgate <no-reply@localhost>'), {
            name: 'mailgate',
            address: 'no-reply@localhost',
        });
        strict_1.default.deepEqual((0, mail_from_parser_1.parseMailFrom)('"Mail Gate" <a@Example.COM>'), {
            name: 'Mail Gate',
            address: 'a@Example.COM',
        });
        strict_1.default.equal((0, mail_from_parser_1.messageIdDomain)((0, mail_from_parser_1.parseMailFrom)('x <a@Example.COM>')), 'example.com');
    });
    (0, node_test_1.it)('reads a bare address and refuses garbage', () => {
        strict_1.default.deepEqual((0, mail_from_parser_1.parseMailFrom)('no-reply@example.com'), { address: 'no-reply@example.com' });
        strict_1.default.throws(() => (0, mail_from_parser_1.parseMailFrom)('mailgate'));
    });
});
//# sourceMappingURL=mail-from.parser.spec.js.map