"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const sequence_set_1 = require("./sequence-set");
(0, node_test_1.describe)('sequence sets', () => {
    (0, node_test_1.it)('reads single numbers, ranges, lists and *', () => {
        strict_1.default.deepEqual((0, sequence_set_1.parseSequenceSet)('1:*', 9), [{ from: 1, to: 9 }]);
        strict_1.default.deepEqual((0, sequence_set_1.parseSequenceSet)('2,4:6', 9), [
            { from: 2, to: 2 },
            { from: 4, to: 6 },
        ]);
        strict_1.default.deepEqual((0, sequence_set_1.parseSequenceSet)('*', 5), [{ from: 5, to: 5 }]);
        strict_1.default.deepEqual((0, sequence_set_1.parseSequenceSet)('7:3', 9), [{ from: 3, to: 7 }]);
    });
    (0, node_test_1.it)('keeps huge ranges as ranges', () => {
        const set = (0, sequence_set_1.parseSequenceSet)('1:4294967295', 3);
        strict_1.default.ok(set);
        strict_1.default.equal((0, sequence_set_1.inSequenceSet)(set, 4000000000), true);
        strict_1.default.equal((0, sequence_set_1.inSequenceSet)(set, 0), false);
    });
    (0, node_test_1.it)('refuses garbage', () => {
        for (const bad of ['', '0', '1:', ':3', '1::2', 'a', '1,,2', '4294967296', '-1', '1:2:3'])
            strict_1.default.equal((0, sequence_set_1.parseSequenceSet)(bad, 9), undefined, bad);
    });
    (0, node_test_1.it)('tests membership', () => {
        const set = (0, sequence_set_1.parseSequenceSet)('2,4:6', 9);
        strict_1.default.ok(set);
        strict_1.default.deepEqual([1, 2, 3, 4, 5, 6, 7].filter((n) => (0, sequence_set_1.inSequenceSet)(set, n)), [2, 4, 5, 6]);
    });
});
//# sourceMappingURL=sequence-set.spec.js.map