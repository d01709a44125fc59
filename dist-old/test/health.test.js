"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const app_1 = require("./support/app");
(0, node_test_1.describe)('operations endpoints', () => {
    let app;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    (0, node_test_1.it)('GET /health reports the database', async () => {
        const res = await fetch(`${app.url}/health`);
        strict_1.default.equal(res.status, 200);
        strict_1.default.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
        const body = (await res.json());
        strict_1.default.equal(body.status, 'ok');
        strict_1.default.equal(body.checks.database, 'ok');
    });
    (0, node_test_1.it)('unknown routes answer 404 in the error shape and echo a sane X-Request-Id', async () => {
        const res = await fetch(`${app.url}/no-such-route`, { headers: { 'x-request-id': 'trace-123' } });
        strict_1.default.equal(res.status, 404);
        strict_1.default.equal(res.headers.get('x-request-id'), 'trace-123');
        strict_1.default.deepEqual(await res.json(), { statusCode: 404, code: 'not_found', message: 'No such resource.' });
    });
    (0, node_test_1.it)('GET /docs/json is an OpenAPI document generated from the routes', async () => {
        const res = await fetch(`${app.url}/docs/json`);
        strict_1.default.equal(res.status, 200);
        const doc = (await res.json());
        strict_1.default.match(doc.openapi, /^3\./);
        strict_1.default.ok(doc.paths['/health']);
    });
});
//# sourceMappingURL=health.test.js.map