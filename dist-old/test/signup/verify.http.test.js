"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const seed_1 = require("./seed");
(0, node_test_1.describe)('email verification over HTTP', () => {
    let app;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)({ RATE_LIMIT: 'off' });
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    const verifyUrl = (token) => `${app.url}/users/email-verify?signupVerifyToken=${encodeURIComponent(token)}`;
    (0, node_test_1.it)('GET and HEAD show a confirm page and consume nothing; the POST then creates the user once', async () => {
        const { token } = await (0, seed_1.seedPending)(app, 'Link.User@Example.com', 'password-123', 'Link');
        for (const method of ['GET', 'GET', 'HEAD']) {
            const res = await fetch(verifyUrl(token), { method, headers: { 'accept-language': 'ko-KR,ko;q=0.9' } });
            strict_1.default.equal(res.status, 200);
            strict_1.default.match(res.headers.get('content-type') ?? '', /^text\/html/);
            strict_1.default.equal(res.headers.get('cache-control'), 'no-store');
            strict_1.default.equal(res.headers.get('referrer-policy'), 'no-referrer');
            strict_1.default.match(res.headers.get('x-robots-tag') ?? '', /noindex/);
            strict_1.default.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
            const html = await res.text();
            if (method === 'GET') {
                strict_1.default.match(html, /<form method="post"/);
                strict_1.default.match(html, /lang="ko"/);
            }
        }
        const res = await fetch(verifyUrl(token), { method: 'POST' });
        strict_1.default.equal(res.status, 201);
        const body = (await res.json());
        strict_1.default.deepEqual(Object.keys(body.user).sort(), ['createdAt', 'email', 'id', 'name']);
        strict_1.default.equal(body.user.email, 'Link.User@example.com');
        strict_1.default.equal(body.user.name, 'Link');
        const replay = await fetch(verifyUrl(token), { method: 'POST' });
        strict_1.default.equal(replay.status, 409);
        strict_1.default.deepEqual(await replay.json(), {
            statusCode: 409,
            code: 'already_verified',
            message: 'This signup has already been completed.',
        });
    });
    (0, node_test_1.it)('accepts JSON {signupVerifyToken} and JSON {email, code}; a code replay is 409', async () => {
        const a = await (0, seed_1.seedPending)(app, 'json-token@example.com');
        const r1 = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({ signupVerifyToken: a.token }));
        strict_1.default.equal(r1.status, 201);
        const b = await (0, seed_1.seedPending)(app, 'json-code@example.com');
        const r2 = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({ email: 'JSON-code@example.com', code: b.code }));
        strict_1.default.equal(r2.status, 201);
        const r3 = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({ email: 'json-code@example.com', code: b.code }));
        strict_1.default.equal(r3.status, 409);
        const r4 = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({ email: 'nobody@example.com', code: '123456' }));
        strict_1.default.equal(r4.status, 400);
        strict_1.default.equal((await r4.json()).code, 'invalid_code');
        const r5 = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({}));
        strict_1.default.equal(r5.status, 400);
        strict_1.default.equal((await r5.json()).code, 'validation_failed');
    });
    (0, node_test_1.it)('the confirm form posts urlencoded and gets an HTML page, names escaped', async () => {
        const { token } = await (0, seed_1.seedPending)(app, 'form@example.com', 'password-123', '<script>alert(1)</script> "Bob"');
        const form = {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `signupVerifyToken=${encodeURIComponent(token)}`,
        };
        const res = await fetch(`${app.url}/users/email-verify`, form);
        strict_1.default.equal(res.status, 201);
        strict_1.default.match(res.headers.get('content-type') ?? '', /^text\/html/);
        const html = await res.text();
        strict_1.default.doesNotMatch(html, /<script>/);
        strict_1.default.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62; &#34;Bob&#34;/);
        const again = await fetch(`${app.url}/users/email-verify`, form);
        strict_1.default.equal(again.status, 409);
        strict_1.default.match(await again.text(), /already been used/);
    });
    (0, node_test_1.it)('submitting the confirm page form, as a browser would, completes the signup', async () => {
        const { token } = await (0, seed_1.seedPending)(app, 'browser@example.com', 'password-123', 'Browser');
        const pageUrl = verifyUrl(token);
        const html = await (await fetch(pageUrl)).text();
        const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
        const field = /<input type="hidden" name="signupVerifyToken" value="([^"]+)">/.exec(html)?.[1];
        strict_1.default.ok(action && field);
        const target = new URL(action.replace(/&amp;/g, '&'), pageUrl);
        strict_1.default.equal(target.pathname, '/users/email-verify');
        const res = await fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ko' },
            body: new URLSearchParams({ signupVerifyToken: field }).toString(),
        });
        strict_1.default.equal(res.status, 201);
        strict_1.default.equal(res.headers.get('cache-control'), 'no-store');
        strict_1.default.match(await res.text(), /회원가입이 완료되었습니다/);
    });
    (0, node_test_1.it)('30 concurrent POSTs of one token: exactly one 201, the rest 409', async () => {
        const { token } = await (0, seed_1.seedPending)(app, 'race@example.com');
        const statuses = await Promise.all(Array.from({ length: 30 }, async () => (await fetch(verifyUrl(token), { method: 'POST' })).status));
        strict_1.default.equal(statuses.filter((s) => s === 201).length, 1);
        strict_1.default.equal(statuses.filter((s) => s === 409).length, 29);
    });
    (0, node_test_1.it)('an expired or unknown link is 400 invalid_token', async () => {
        const { token } = await (0, seed_1.seedPending)(app, 'expired@example.com');
        await app.runtime.db.query("UPDATE pending_signups SET expires_at = now() - interval '1 second' WHERE email_key = 'expired@example.com'");
        for (const t of [token, 'x'.repeat(43), 'not-a-token']) {
            const res = await fetch(verifyUrl(t), { method: 'POST' });
            strict_1.default.equal(res.status, 400);
            strict_1.default.equal((await res.json()).code, 'invalid_token');
        }
    });
});
//# sourceMappingURL=verify.http.test.js.map