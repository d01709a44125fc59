"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const jose_1 = require("jose");
const app_1 = require("../support/app");
const seed_1 = require("./seed");
(0, node_test_1.describe)('login and the user routes', () => {
    let app;
    let userId;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)({ RATE_LIMIT: 'off' });
        const { token } = await (0, seed_1.seedPending)(app, 'member@example.com', 'member-password', 'Member');
        const res = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({ signupVerifyToken: token }));
        userId = (await res.json()).user.id;
        await (0, seed_1.seedPending)(app, 'unverified@example.com', 'member-password');
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    const login = (email, password) => fetch(`${app.url}/users/login`, (0, seed_1.json)({ email, password }));
    (0, node_test_1.it)('issues a one-hour HS256 bearer token with sub and ver', async () => {
        const res = await login('MEMBER@example.com', 'member-password');
        strict_1.default.equal(res.status, 200);
        const body = (await res.json());
        strict_1.default.equal(body.tokenType, 'Bearer');
        strict_1.default.equal(body.expiresIn, 3600);
        const [header, payload] = body.accessToken
            .split('.')
            .slice(0, 2)
            .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
        strict_1.default.equal(header.alg, 'HS256');
        strict_1.default.equal(payload.sub, userId);
        strict_1.default.equal(payload.ver, 0);
        strict_1.default.equal(Number(payload.exp) - Number(payload.iat), 3600);
    });
    (0, node_test_1.it)('wrong password, unknown address and unverified signup are the same 401', async () => {
        const bodies = [];
        for (const [email, password] of [
            ['member@example.com', 'wrong-password'],
            ['stranger@example.com', 'member-password'],
            ['unverified@example.com', 'member-password'],
        ]) {
            const res = await login(email, password);
            strict_1.default.equal(res.status, 401);
            bodies.push(await res.json());
        }
        strict_1.default.deepEqual(bodies[0], {
            statusCode: 401,
            code: 'invalid_credentials',
            message: 'Wrong email or password.',
        });
        strict_1.default.deepEqual(bodies[1], bodies[0]);
        strict_1.default.deepEqual(bodies[2], bodies[0]);
    });
    (0, node_test_1.it)('GET /users/me and /users/:id: 200 for yourself, 401 without a good token, 403 for anyone else', async () => {
        const { accessToken } = (await (await login('member@example.com', 'member-password')).json());
        const auth = { authorization: `Bearer ${accessToken}` };
        const me = await fetch(`${app.url}/users/me`, { headers: auth });
        strict_1.default.equal(me.status, 200);
        const view = (await me.json());
        strict_1.default.deepEqual(Object.keys(view).sort(), ['createdAt', 'email', 'id', 'name']);
        strict_1.default.equal(view.id, userId);
        strict_1.default.equal((await fetch(`${app.url}/users/${userId}`, { headers: auth })).status, 200);
        for (const other of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
            const res = await fetch(`${app.url}/users/${other}`, { headers: auth });
            strict_1.default.equal(res.status, 403);
            strict_1.default.equal((await res.json()).code, 'forbidden');
        }
        const expired = await new jose_1.SignJWT({ ver: 0 })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(userId)
            .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
            .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
            .sign(app.runtime.config.keys.jwt);
        for (const headers of [
            {},
            { authorization: 'Bearer nope' },
            { authorization: `Basic ${accessToken}` },
            { authorization: `Bearer ${expired}` },
        ]) {
            const res = await fetch(`${app.url}/users/me`, { headers });
            strict_1.default.equal(res.status, 401);
            strict_1.default.equal((await res.json()).code, 'unauthorized');
        }
        strict_1.default.equal((await fetch(`${app.url}/users/${userId}`)).status, 401);
        // Bumping token_version (what a password reset does) revokes tokens issued before.
        await app.runtime.db.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [userId]);
        strict_1.default.equal((await fetch(`${app.url}/users/me`, { headers: auth })).status, 401);
    });
    (0, node_test_1.it)('the OpenAPI document lists the signup routes with their status codes', async () => {
        const doc = (await (await fetch(`${app.url}/docs/json`)).json());
        strict_1.default.ok(doc.paths['/users'].post.requestBody);
        strict_1.default.ok(doc.paths['/users'].post.responses['202']);
        strict_1.default.ok(doc.paths['/users/email-verify'].get);
        strict_1.default.ok(doc.paths['/users/email-verify'].post.responses['409']);
        strict_1.default.ok(doc.paths['/users/resend-verification'].post.responses['429']);
        strict_1.default.ok(doc.paths['/users/login'].post.responses['401']);
        strict_1.default.ok(doc.paths['/users/me'].get.responses['401']);
        strict_1.default.ok(doc.paths['/users/{id}'].get.responses['403']);
    });
});
//# sourceMappingURL=auth.http.test.js.map