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
(0, node_test_1.describe)('a restart on the same DATA_DIR', () => {
    let app;
    (0, node_test_1.after)(async () => {
        await app?.destroy();
    });
    /** Signs up through the API and returns the token from the mail the dev mailbox received. */
    async function signupToken(running, email, password) {
        const res = await fetch(`${running.url}/users`, (0, seed_1.json)({ name: 'Restart', email, password }));
        strict_1.default.equal(res.status, 202);
        const mail = await new mailbox_client_1.MailboxClient(running.url).waitFor(email, { timeoutMs: 10_000 });
        const link = mail?.links.find((l) => l.includes('signupVerifyToken='));
        strict_1.default.ok(link, `a verify link mailed to ${email}`);
        return new URL(link).searchParams.get('signupVerifyToken') ?? '';
    }
    (0, node_test_1.it)('keeps a pending signup verifiable and a verified user able to log in', async () => {
        app = await (0, app_1.startTestApp)({ RATE_LIMIT: 'off' });
        const dir = app.dataDir;
        const later = await signupToken(app, 'later@example.com', 'password-later');
        const now = await signupToken(app, 'now@example.com', 'password-now');
        const verify = (running, token) => fetch(`${running.url}/users/email-verify`, (0, seed_1.json)({ signupVerifyToken: token }));
        strict_1.default.equal((await verify(app, now)).status, 201);
        await app.stop();
        app = await (0, app_1.startTestApp)({ RATE_LIMIT: 'off' }, dir);
        strict_1.default.equal((await verify(app, later)).status, 201);
        for (const [email, password] of [
            ['now@example.com', 'password-now'],
            ['later@example.com', 'password-later'],
        ]) {
            const res = await fetch(`${app.url}/users/login`, (0, seed_1.json)({ email, password }));
            strict_1.default.equal(res.status, 200, email);
            const { accessToken } = (await res.json());
            const me = await fetch(`${app.url}/users/me`, { headers: { authorization: `Bearer ${accessToken}` } });
            strict_1.default.equal((await me.json()).email, email);
        }
        // The replay guard survives the restart too.
        strict_1.default.equal((await verify(app, now)).status, 409);
    });
});
//# sourceMappingURL=restart.http.test.js.map