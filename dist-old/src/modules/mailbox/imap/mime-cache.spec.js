"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const mime_cache_1 = require("./mime-cache");
(0, node_test_1.describe)('MimeCache', () => {
    (0, node_test_1.it)('stays bounded however many messages pass through, keeping the recently used', () => {
        const cache = new mime_cache_1.MimeCache(8);
        const raw = (n) => Buffer.from(`Subject: ${n}\r\n\r\nbody ${n}\r\n`);
        const first = cache.get(1, raw(1));
        for (let id = 2; id <= 10_000; id++) {
            cache.get(id, raw(id));
            if (id % 4 === 0)
                strict_1.default.equal(cache.get(1, raw(1)), first, 'a recently used tree is kept');
        }
        strict_1.default.equal(cache.size, 8);
        strict_1.default.equal(cache.get(1, raw(1)), first);
    });
    (0, node_test_1.it)('holds copies of header bytes, not slices of the message buffer', () => {
        const raw = Buffer.from(`Subject: big\r\n\r\n${'x'.repeat(100_000)}`);
        const node = new mime_cache_1.MimeCache().get(1, raw);
        strict_1.default.notEqual(node.headers[0].raw.buffer, raw.buffer);
    });
});
//# sourceMappingURL=mime-cache.spec.js.map