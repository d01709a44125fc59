"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const app_1 = require("../support/app");
const mailbox_client_1 = require("../support/mailbox-client");
const seed_1 = require("./seed");
/**
 * The whole signup as a user meets it: HTTP in, mail read from the dev mailbox's REST API (the
 * real outbox, worker, templates and SMTP transport in between), HTTP out.
 */
(0, node_test_1.describe)('signup end to end, reading the mail', () => {
    let app;
    let mailbox;
    const PUBLIC_URL = 'https://accounts.example.test';
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)({ RATE_LIMIT: 'off', PUBLIC_URL });
        mailbox = new mailbox_client_1.MailboxClient(app.url);
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    const signup = (body, headers = {}) => fetch(`${app.url}/users`, (0, seed_1.json)(body, headers));
    async function mailTo(address, after) {
        const message = await mailbox.waitFor(address, { after, timeoutMs: 10_000 });
        strict_1.default.ok(message, `a message to ${address}`);
        return message;
    }
    /** The verify link (rebased on the test server: PUBLIC_URL is not where it listens) and code. */
    function challengeOf(message) {
        const link = message.links.find((l) => l.includes('/users/email-verify?'));
        strict_1.default.ok(link, `a verify link in ${JSON.stringify(message.links)}`);
        strict_1.default.ok(link.startsWith(`${PUBLIC_URL}/users/email-verify?signupVerifyToken=`), 'built from PUBLIC_URL');
        const token = new URL(link).searchParams.get('signupVerifyToken') ?? '';
        const code = message.codes.find((c) => /^\d{6}$/.test(c)) ?? '';
        strict_1.default.match(code, /^\d{6}$/);
        return { url: `${app.url}/users/email-verify?signupVerifyToken=${token}`, token, code };
    }
    (0, node_test_1.it)('by link: mail arrives, opening the page twice consumes nothing, the button creates the account', async () => {
        const res = await signup({ name: 'Link Person', email: 'Link.Person@Example.com', password: 'password-123' }, { 'accept-language': 'ko' });
        strict_1.default.equal(res.status, 202);
        const message = await mailTo('link.person@example.com');
        strict_1.default.deepEqual(message.to, ['link.person@example.com']);
        const { url } = challengeOf(message);
        for (let i = 0; i < 2; i++)
            strict_1.default.equal((await fetch(url)).status, 200);
        const done = await fetch(url, { method: 'POST' });
        strict_1.default.equal(done.status, 201);
        const { user } = (await done.json());
        strict_1.default.equal(user.email, 'Link.Person@example.com');
        strict_1.default.equal((await fetch(url, { method: 'POST' })).status, 409);
        const login = await fetch(`${app.url}/users/login`, (0, seed_1.json)({ email: 'link.person@example.com', password: 'password-123' }));
        strict_1.default.equal(login.status, 200);
    });
    (0, node_test_1.it)('by code, from the same mail', async () => {
        await signup({ name: 'Code Person', email: 'code.person@example.com', password: 'password-123' });
        const { code } = challengeOf(await mailTo('code.person@example.com'));
        const res = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({ email: 'code.person@example.com', code }));
        strict_1.default.equal(res.status, 201);
        const replay = await fetch(`${app.url}/users/email-verify`, (0, seed_1.json)({ email: 'code.person@example.com', code }));
        strict_1.default.equal(replay.status, 409);
    });
    (0, node_test_1.it)('a new and an existing address get the same answer; the owner is told instead of challenged', async () => {
        await signup({ name: 'Owner', email: 'owner@example.com', password: 'password-123' });
        const challenge = await mailTo('owner@example.com');
        strict_1.default.equal((await fetch(challengeOf(challenge).url, { method: 'POST' })).status, 201);
        const fresh = await signup({ name: 'Fresh', email: 'fresh@example.com', password: 'password-123' });
        const existing = await signup({
            name: 'Mallory',
            email: 'Owner@example.com',
            password: 'other-password',
        });
        strict_1.default.equal(existing.status, fresh.status);
        strict_1.default.deepEqual(await existing.json(), await fresh.json());
        const notice = await mailTo('owner@example.com', challenge.id);
        strict_1.default.notEqual(notice.subject, challenge.subject);
        strict_1.default.ok(!notice.links.some((l) => l.includes('email-verify')), 'no challenge in the notice');
        strict_1.default.ok(!notice.codes.some((c) => /^\d{6}$/.test(c)), 'no code in the notice');
        strict_1.default.doesNotMatch(notice.text, /Mallory/, 'greets the owner, not the stranger');
    });
    (0, node_test_1.it)('parallel signups for one address, two verified: one 201, one 409, one user', async () => {
        const address = 'parallel@example.com';
        const statuses = await Promise.all([1, 2, 3].map((i) => signup({ name: `P${i}`, email: address, password: `password-${i}xx` })));
        strict_1.default.deepEqual(statuses.map((r) => r.status), [202, 202, 202]);
        const first = await mailTo(address);
        const second = await mailTo(address, first.id);
        const results = await Promise.all([first, second].map(async (m) => (await fetch(challengeOf(m).url, { method: 'POST' })).status));
        strict_1.default.deepEqual(results.sort(), [201, 409]);
        const rows = await app.runtime.db.query("SELECT 1 FROM users WHERE email_key = 'parallel@example.com'");
        strict_1.default.equal(rows.length, 1);
    });
    (0, node_test_1.it)('a name with quotes and angle brackets is escaped in the HTML and adds no recipient', async () => {
        const name = 'Eve "Boss" <script>alert(1)</script> <evil@attacker.example>';
        strict_1.default.equal((await signup({ name, email: 'eve@example.com', password: 'password-123' })).status, 202);
        const message = await mailTo('eve@example.com');
        strict_1.default.deepEqual(message.to, ['eve@example.com']);
        strict_1.default.equal(message.headers.bcc, undefined);
        strict_1.default.equal(message.headers.cc, undefined);
        strict_1.default.doesNotMatch(message.html, /<script>alert/);
        strict_1.default.match(message.html, /&lt;script&gt;/);
        strict_1.default.equal((await mailbox.list({ to: 'evil@attacker.example' })).length, 0);
        const injected = await signup({
            name: 'x\r\nBcc: evil@attacker.example',
            email: 'eve2@example.com',
            password: 'password-123',
        });
        strict_1.default.equal(injected.status, 400);
    });
    (0, node_test_1.it)('resend mails a fresh challenge; the old link stops working', async () => {
        await signup({ name: 'Resend', email: 'resend@example.com', password: 'password-123' });
        const first = await mailTo('resend@example.com');
        const r = await fetch(`${app.url}/users/resend-verification`, (0, seed_1.json)({ email: 'resend@example.com' }));
        strict_1.default.equal(r.status, 202);
        const second = await mailTo('resend@example.com', first.id);
        strict_1.default.equal((await fetch(challengeOf(first).url, { method: 'POST' })).status, 400);
        strict_1.default.equal((await fetch(challengeOf(second).url, { method: 'POST' })).status, 201);
    });
});
(0, node_test_1.describe)('signup limits', () => {
    let app;
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
    });
    (0, node_test_1.after)(async () => {
        await app.destroy();
    });
    (0, node_test_1.it)('POST /users: five attempts an hour per address, then 429 with Retry-After; other addresses go on', async () => {
        const attempt = (email) => fetch(`${app.url}/users`, (0, seed_1.json)({ name: 'Limit', email, password: 'password-123' }));
        const statuses = [];
        for (let i = 0; i < 5; i++)
            statuses.push((await attempt(i % 2 ? 'LIMIT@example.com' : 'limit@example.com')).status);
        strict_1.default.deepEqual(statuses, [202, 202, 202, 202, 202]);
        const limited = await attempt('limit@example.com');
        strict_1.default.equal(limited.status, 429);
        const retry = Number(limited.headers.get('retry-after'));
        strict_1.default.ok(retry > 3000 && retry <= 3600, `Retry-After ${retry}`);
        strict_1.default.equal((await attempt('other@example.com')).status, 202);
    });
});
//# sourceMappingURL=signup.e2e.test.js.map