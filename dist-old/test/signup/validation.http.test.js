"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const seed_1 = require("./seed");
(0, node_test_1.describe)('signup request validation and limits', () => {
    let app;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)({ TRUST_PROXY: 'on' });
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    const post = (path, init) => fetch(`${app.url}${path}`, init);
    const good = { name: 'Ada', email: 'ada@example.com', password: 'password-123' };
    (0, node_test_1.it)('refuses bad fields with 400 validation_failed naming each field', async () => {
        const cases = [
            [{ ...good, email: 5 }, 'email'],
            [{ ...good, email: 'not-an-address' }, 'email'],
            [{ ...good, email: `${'x'.repeat(65)}@example.com` }, 'email'],
            [{ ...good, name: 'x\r\nBcc: evil@example.com' }, 'name'],
            [{ ...good, name: '   ' }, 'name'],
            [{ ...good, name: 'n'.repeat(65) }, 'name'],
            [{ ...good, password: 'short' }, 'password'],
            [{ ...good, password: 'p'.repeat(129) }, 'password'],
            [{ name: 'Ada' }, 'email'],
        ];
        for (const [body, field] of cases) {
            const res = await post('/users', (0, seed_1.json)(body));
            strict_1.default.equal(res.status, 400, JSON.stringify(body));
            const err = (await res.json());
            strict_1.default.equal(err.code, 'validation_failed');
            strict_1.default.ok(err.fields?.[field], `${field} in ${JSON.stringify(err.fields)}`);
        }
    });
    (0, node_test_1.it)('malformed JSON is 400, a body over 64 KiB is 413, other content types are 415', async () => {
        const bad = await post('/users', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"name":',
        });
        strict_1.default.equal(bad.status, 400);
        strict_1.default.equal((await bad.json()).code, 'malformed_json');
        const big = await post('/users', (0, seed_1.json)({ ...good, name: 'x'.repeat(70 * 1024) }));
        strict_1.default.equal(big.status, 413);
        for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
            for (const path of ['/users', '/users/login', '/users/resend-verification']) {
                const res = await post(path, {
                    method: 'POST',
                    headers: { 'content-type': type },
                    body: 'email=a@example.com',
                });
                strict_1.default.equal(res.status, 415, `${type} to ${path}`);
                strict_1.default.equal((await res.json()).code, 'unsupported_media_type');
            }
        }
    });
    (0, node_test_1.it)('resend answers 202 for any address, then 429 with Retry-After within the minute', async () => {
        const first = await post('/users/resend-verification', (0, seed_1.json)({ email: 'Someone@example.com' }));
        strict_1.default.equal(first.status, 202);
        strict_1.default.ok((await first.json()).message);
        const second = await post('/users/resend-verification', (0, seed_1.json)({ email: 'someone@EXAMPLE.com' }));
        strict_1.default.equal(second.status, 429);
        const retry = Number(second.headers.get('retry-after'));
        strict_1.default.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
        strict_1.default.equal((await second.json()).code, 'rate_limited');
    });
    (0, node_test_1.it)('repeated failed logins for one address end in 429 with Retry-After', async () => {
        const statuses = [];
        let retryAfter = null;
        for (let i = 0; i < 11; i++) {
            const res = await post('/users/login', (0, seed_1.json)({ email: 'victim@example.com', password: `guess-${i}` }));
            statuses.push(res.status);
            if (res.status === 429)
                retryAfter = res.headers.get('retry-after');
        }
        strict_1.default.deepEqual(statuses, [...Array(10).fill(401), 429]);
        strict_1.default.ok(Number(retryAfter) > 0);
    });
    (0, node_test_1.it)('verify is limited per client IP, taken from X-Forwarded-For behind a trusted proxy', async () => {
        const attempt = (ip) => post('/users/email-verify', (0, seed_1.json)({ signupVerifyToken: 'x'.repeat(43) }, { 'x-forwarded-for': ip }));
        for (let i = 0; i < 60; i++)
            strict_1.default.equal((await attempt('203.0.113.7')).status, 400);
        const limited = await attempt('203.0.113.7');
        strict_1.default.equal(limited.status, 429);
        strict_1.default.ok(Number(limited.headers.get('retry-after')) >= 1);
        strict_1.default.equal((await attempt('198.51.100.9')).status, 400, 'another client is not affected');
    });
});
//# sourceMappingURL=validation.http.test.js.map