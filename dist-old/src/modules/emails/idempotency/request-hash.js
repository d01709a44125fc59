"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.canonicalJson = canonicalJson;
exports.requestHash = requestHash;
const node_crypto_1 = require("node:crypto");
/** JSON with object keys sorted at every level: one text for one value, whatever the key order. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
/**
 * What "the same request" means for an Idempotency-Key: the parsed body (so key order, whitespace and
 * `"to": "a@x"` vs `{"address": "a@x"}` do not matter) within the API key's scope.
 */
function requestHash(scope, body) {
    return (0, node_crypto_1.createHash)('sha256').update(canonicalJson({ scope, body })).digest('base64url');
}
//# sourceMappingURL=request-hash.js.map