"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const mailbox_chaos_1 = require("./mailbox-chaos");
(0, node_test_1.describe)('parseChaosRules (MAILBOX_CHAOS)', () => {
    (0, node_test_1.it)('reads REPLY:RATE[:COUNT] rules', () => {
        strict_1.default.deepEqual((0, mailbox_chaos_1.parseChaosRules)(''), []);
        strict_1.default.deepEqual((0, mailbox_chaos_1.parseChaosRules)('451:0.3, drop:.1 ,421:1:2,550:0,454:1,DROP:1.0'), [
            { reply: 451, rate: 0.3 },
            { reply: 'drop', rate: 0.1 },
            { reply: 421, rate: 1, count: 2 },
            { reply: 550, rate: 0 },
            { reply: 454, rate: 1 },
            { reply: 'drop', rate: 1 },
        ]);
    });
    (0, node_test_1.it)('says what is wrong with a bad rule', () => {
        strict_1.default.throws(() => (0, mailbox_chaos_1.parseChaosRules)('500:0.1'), /rule "500:0.1" is not REPLY:RATE/);
        strict_1.default.throws(() => (0, mailbox_chaos_1.parseChaosRules)('451'), /rule "451" is not/);
        strict_1.default.throws(() => (0, mailbox_chaos_1.parseChaosRules)('451:1.5'), /between 0 and 1/);
        strict_1.default.throws(() => (0, mailbox_chaos_1.parseChaosRules)('451:-1'), /is not/);
        strict_1.default.throws(() => (0, mailbox_chaos_1.parseChaosRules)('451:1:0'), /count must be at least 1/);
        strict_1.default.throws(() => (0, mailbox_chaos_1.parseChaosRules)(Array(11).fill('451:1').join(',')), /at most 10 rules/);
    });
});
//# sourceMappingURL=mailbox-chaos.spec.js.map