"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const request_hash_1 = require("./request-hash");
(0, node_test_1.describe)('idempotency request hash', () => {
    (0, node_test_1.it)('ignores key order at every level and undefined fields', () => {
        strict_1.default.equal((0, request_hash_1.canonicalJson)({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' }, u: undefined }), '{"a":{"c":"z","d":[1,{"x":1,"y":2}]},"b":1}');
        strict_1.default.equal((0, request_hash_1.requestHash)('s', { to: { address: 'a@x.test' }, text: 'hi' }), (0, request_hash_1.requestHash)('s', { text: 'hi', to: { address: 'a@x.test' } }));
    });
    (0, node_test_1.it)('differs for another body or another API key scope', () => {
        const body = { to: { address: 'a@x.test' }, text: 'hi' };
        strict_1.default.notEqual((0, request_hash_1.requestHash)('s', body), (0, request_hash_1.requestHash)('s', { ...body, text: 'hi!' }));
        strict_1.default.notEqual((0, request_hash_1.requestHash)('s', body), (0, request_hash_1.requestHash)('t', body));
    });
});
//# sourceMappingURL=request-hash.spec.js.map