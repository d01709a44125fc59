"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const password_hasher_1 = require("./password.hasher");
(0, node_test_1.describe)('PasswordHasher', () => {
    (0, node_test_1.it)('hashes with argon2id at the OWASP parameters and verifies', async () => {
        const hasher = new password_hasher_1.PasswordHasher();
        const stored = await hasher.hash('correct horse battery');
        strict_1.default.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        strict_1.default.equal(await hasher.verify(stored, 'correct horse battery'), true);
        strict_1.default.equal(await hasher.verify(stored, 'wrong'), false);
        strict_1.default.equal(await hasher.verify(undefined, 'anything'), false);
    });
});
(0, node_test_1.describe)('Gate', () => {
    (0, node_test_1.it)('never runs more than its limit at once, and runs everything in arrival order', async () => {
        const gate = new password_hasher_1.Gate(2);
        let running = 0;
        let peak = 0;
        const order = [];
        const jobs = Array.from({ length: 8 }, (_, i) => gate.run(async () => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((r) => setImmediate(r));
            order.push(i);
            running--;
            return i;
        }));
        strict_1.default.deepEqual(await Promise.all(jobs), [0, 1, 2, 3, 4, 5, 6, 7]);
        strict_1.default.equal(peak, 2);
        strict_1.default.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7]);
    });
    (0, node_test_1.it)('frees its slot when a job throws', async () => {
        const gate = new password_hasher_1.Gate(1);
        await strict_1.default.rejects(gate.run(() => Promise.reject(new Error('boom'))), /boom/);
        strict_1.default.equal(await gate.run(async () => 'next'), 'next');
    });
});
//# sourceMappingURL=password.hasher.spec.js.map