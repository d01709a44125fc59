"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_crypto_1 = require("node:crypto");
const node_test_1 = require("node:test");
const secrets_seal_1 = require("./secrets.seal");
(0, node_test_1.describe)('sealed outbox secrets', () => {
    const key = (0, node_crypto_1.randomBytes)(32);
    const id = (0, node_crypto_1.randomUUID)();
    const secrets = { link: 'https://example.test/users/email-verify?signupVerifyToken=abc', code: '042137' };
    (0, node_test_1.it)('round-trips and does not contain the plaintext', () => {
        const sealed = (0, secrets_seal_1.sealSecrets)(key, id, secrets);
        strict_1.default.deepEqual((0, secrets_seal_1.openSecrets)(key, id, sealed), secrets);
        strict_1.default.equal(sealed.includes(Buffer.from('042137')), false);
    });
    (0, node_test_1.it)('uses a fresh nonce every time', () => {
        const a = (0, secrets_seal_1.sealSecrets)(key, id, secrets);
        const b = (0, secrets_seal_1.sealSecrets)(key, id, secrets);
        strict_1.default.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12));
        strict_1.default.notDeepEqual(a, b);
    });
    (0, node_test_1.it)('rejects a flipped bit anywhere', () => {
        const sealed = (0, secrets_seal_1.sealSecrets)(key, id, secrets);
        for (const at of [0, 12, sealed.length - 1]) {
            const bad = Buffer.from(sealed);
            bad[at] ^= 1;
            strict_1.default.throws(() => (0, secrets_seal_1.openSecrets)(key, id, bad));
        }
    });
    (0, node_test_1.it)('rejects another message id (AAD), another key and a truncated blob', () => {
        const sealed = (0, secrets_seal_1.sealSecrets)(key, id, secrets);
        strict_1.default.throws(() => (0, secrets_seal_1.openSecrets)(key, (0, node_crypto_1.randomUUID)(), sealed));
        strict_1.default.throws(() => (0, secrets_seal_1.openSecrets)((0, node_crypto_1.randomBytes)(32), id, sealed));
        strict_1.default.throws(() => (0, secrets_seal_1.openSecrets)(key, id, sealed.subarray(0, 20)), /truncated/);
    });
});
//# sourceMappingURL=secrets.seal.spec.js.map