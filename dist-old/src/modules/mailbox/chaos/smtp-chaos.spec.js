"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const smtp_chaos_1 = require("./smtp-chaos");
function chaos(rules) {
    return new smtp_chaos_1.SmtpChaos({ mailbox: { chaos: rules } });
}
(0, node_test_1.describe)('SmtpChaos', () => {
    (0, node_test_1.it)('does nothing without rules', () => {
        strict_1.default.equal(chaos([]).draw(), undefined);
    });
    (0, node_test_1.it)('fires a rule when the draw is below its rate; the first rule that fires wins', () => {
        const c = chaos([
            { reply: 451, rate: 0.3 },
            { reply: 'drop', rate: 0.5 },
        ]);
        strict_1.default.equal(c.draw(() => 0.29), 451);
        const draws = [0.3, 0.49];
        strict_1.default.equal(c.draw(() => draws.shift()), 'drop');
        strict_1.default.equal(c.draw(() => 0.99), undefined);
        strict_1.default.equal(chaos([{ reply: 550, rate: 0 }]).draw(() => 0), undefined);
    });
    (0, node_test_1.it)('spends a counted rule, then lets mail through', () => {
        const c = chaos([{ reply: 421, rate: 1, count: 2 }]);
        strict_1.default.equal(c.draw(), 421);
        strict_1.default.deepEqual(c.current(), [{ reply: 421, rate: 1, count: 1 }]);
        strict_1.default.equal(c.draw(), 421);
        strict_1.default.deepEqual(c.current(), []);
        strict_1.default.equal(c.draw(), undefined);
    });
    (0, node_test_1.it)('is replaced and cleared at run time', () => {
        const c = chaos([{ reply: 451, rate: 1 }]);
        c.set([{ reply: 'drop', rate: 1 }]);
        strict_1.default.equal(c.draw(), 'drop');
        c.clear();
        strict_1.default.equal(c.draw(), undefined);
    });
});
//# sourceMappingURL=smtp-chaos.spec.js.map