"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const app_error_1 = require("../../src/common/errors/app-error");
const services_1 = require("../support/services");
const services_2 = require("./services");
/**
 * The signup use cases over a real database with a fake outbox: the storage rules (single use,
 * first verified wins, nothing half-written) without HTTP or the mail worker. One suite, run on the
 * embedded store (one connection) and on PostgreSQL (a pool, READ COMMITTED: real concurrency).
 */
const rejectsWith = (code) => (err) => {
    strict_1.default.ok(err instanceof app_error_1.AppError, `expected an AppError, got ${String(err)}`);
    strict_1.default.equal(err.code, code);
    return true;
};
let ipSeq = 0;
const ctx = () => ({ ip: `10.0.0.${++ipSeq}`, locale: 'en' });
function signupContract(store, skip) {
    (0, node_test_1.describe)(`signup services on ${store}`, { skip }, () => {
        let s;
        (0, node_test_1.before)(async () => {
            s = await (0, services_2.signupServices)(store, { PUBLIC_URL: 'https://auth.example.org/base' });
        });
        (0, node_test_1.after)(async () => {
            await s.close();
        });
        const signup = async (email, password = 'correct horse 1', name = 'Ada') => {
            await s.create.create({ name, email, password }, ctx());
            const mail = s.outbox.last(email);
            strict_1.default.equal(mail.template, 'signup-verify');
            return { token: (0, services_2.tokenOf)(mail.secrets.link), code: mail.secrets.code, mail };
        };
        (0, node_test_1.it)('stores a pending signup, not a user, and mails a link built from PUBLIC_URL with a code', async () => {
            const { mail, token, code } = await signup('New.User@Example.COM', 'pw-12345678', '  Ada L.  ');
            strict_1.default.match(mail.secrets.link, /^https:\/\/auth\.example\.org\/base\/users\/email-verify\?signupVerifyToken=/);
            strict_1.default.match(code, /^\d{6}$/);
            strict_1.default.deepEqual(mail.to, { address: 'New.User@example.com', name: 'Ada L.' });
            strict_1.default.ok(Date.parse(String(mail.data.linkExpiresAt)) > Date.parse(String(mail.data.codeExpiresAt)));
            strict_1.default.equal(await s.users.findByEmailKey('new.user@example.com'), undefined);
            const rows = await s.db.query("SELECT * FROM pending_signups WHERE email_key = 'new.user@example.com'");
            strict_1.default.equal(rows.length, 1);
            const dump = JSON.stringify(rows[0]);
            strict_1.default.ok(!dump.includes(token) && !dump.includes(code) && !dump.includes('pw-12345678'));
            strict_1.default.match(String(rows[0].password_hash), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
            strict_1.default.equal(rows[0].email, 'New.User@example.com');
            strict_1.default.equal(rows[0].email_display, 'New.User@Example.COM');
        });
        (0, node_test_1.it)('a link creates the user once; a replay is already_verified', async () => {
            const { token } = await signup('once@example.com');
            const user = await s.verify.byToken(token, '10.1.0.1');
            strict_1.default.equal(user.email, 'once@example.com');
            strict_1.default.equal(user.name, 'Ada');
            await strict_1.default.rejects(s.verify.byToken(token, '10.1.0.1'), rejectsWith('already_verified'));
            await strict_1.default.rejects(s.verify.byToken('A'.repeat(43), '10.1.0.1'), rejectsWith('invalid_token'));
            await strict_1.default.rejects(s.verify.byToken('short', '10.1.0.1'), rejectsWith('invalid_token'));
        });
        (0, node_test_1.it)('30 concurrent uses of one token make exactly one user', async () => {
            const { token } = await signup('race@example.com');
            const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => s.verify.byToken(token, `10.2.0.${i}`)));
            strict_1.default.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
            for (const r of results)
                if (r.status === 'rejected')
                    strict_1.default.equal(r.reason.code, 'already_verified');
            const [{ n }] = await s.db.query("SELECT count(*)::int AS n FROM users WHERE email_key = 'race@example.com'");
            strict_1.default.equal(n, 1);
        });
        (0, node_test_1.it)('two attempts for one address: the first verified wins, keeps its password, revokes the other', async () => {
            const a = await signup('twice@example.com', 'password-A-1');
            const b = await signup('twice@example.com', 'password-B-2');
            const results = await Promise.allSettled([
                s.verify.byToken(a.token, '10.3.0.1'),
                s.verify.byToken(b.token, '10.3.0.2'),
            ]);
            strict_1.default.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
            const lost = results.find((r) => r.status === 'rejected');
            strict_1.default.equal(lost.reason.code, 'already_verified');
            const won = results[0].status === 'fulfilled' ? 'password-A-1' : 'password-B-2';
            const lostPw = won === 'password-A-1' ? 'password-B-2' : 'password-A-1';
            const [{ n }] = await s.db.query("SELECT count(*)::int AS n FROM users WHERE email_key = 'twice@example.com'");
            strict_1.default.equal(n, 1);
            strict_1.default.equal((await s.login.login({ email: 'twice@example.com', password: won }, '10.3.0.3')).tokenType, 'Bearer');
            await strict_1.default.rejects(s.login.login({ email: 'twice@example.com', password: lostPw }, '10.3.0.3'), rejectsWith('invalid_credentials'));
            const states = await s.db.query("SELECT state FROM pending_signups WHERE email_key = 'twice@example.com' ORDER BY state");
            strict_1.default.deepEqual(states.map((r) => r.state), ['revoked', 'verified']);
        });
        (0, node_test_1.it)('a code verifies too, compared against every live attempt; a replay is already_verified', async () => {
            await signup('code@example.com');
            const second = await signup('code@example.com');
            const user = await s.verify.byCode('Code@Example.com', second.code, '10.4.0.1');
            strict_1.default.equal(user.email, 'code@example.com');
            await strict_1.default.rejects(s.verify.byCode('code@example.com', second.code, '10.4.0.1'), rejectsWith('already_verified'));
        });
        (0, node_test_1.it)('five wrong codes kill the code but not the link', async () => {
            const { token, code } = await signup('guess@example.com');
            const wrong = code === '000000' ? '000001' : '000000';
            for (let i = 0; i < 5; i++)
                await strict_1.default.rejects(s.verify.byCode('guess@example.com', wrong, '10.5.0.1'), rejectsWith('invalid_code'));
            await strict_1.default.rejects(s.verify.byCode('guess@example.com', code, '10.5.0.1'), rejectsWith('invalid_code'));
            await strict_1.default.rejects(s.verify.byCode('guess@example.com', 'abc', '10.5.0.1'), rejectsWith('invalid_code'));
            strict_1.default.equal((await s.verify.byToken(token, '10.5.0.1')).email, 'guess@example.com');
        });
        (0, node_test_1.it)('expired links and codes are refused', async () => {
            const { token, code } = await signup('late@example.com');
            await s.db.query("UPDATE pending_signups SET code_expires_at = now() - interval '1 second' WHERE email_key = 'late@example.com'");
            await strict_1.default.rejects(s.verify.byCode('late@example.com', code, '10.6.0.1'), rejectsWith('invalid_code'));
            await s.db.query("UPDATE pending_signups SET expires_at = now() - interval '1 second' WHERE email_key = 'late@example.com'");
            await strict_1.default.rejects(s.verify.byToken(token, '10.6.0.1'), rejectsWith('invalid_token'));
            strict_1.default.equal(await s.users.findByEmailKey('late@example.com'), undefined);
        });
        (0, node_test_1.it)('an existing account gets a throttled notice instead of a challenge', async () => {
            const { token } = await signup('owner@example.com');
            await s.verify.byToken(token, '10.7.0.1');
            const before = s.outbox.mails.length;
            await s.create.create({ name: 'Mallory', email: 'OWNER@example.com', password: 'whatever-123' }, ctx());
            strict_1.default.equal(s.outbox.mails.length, before + 1);
            const notice = s.outbox.last('owner@example.com');
            strict_1.default.equal(notice.template, 'signup-exists');
            strict_1.default.equal(notice.secrets, undefined);
            strict_1.default.equal(notice.data.resetUrl, 'https://auth.example.org/base/users/password-reset');
            strict_1.default.equal(notice.to.name, 'Ada', 'addressed to the owner, not to the name the stranger typed');
            await s.create.create({ name: 'Mallory', email: 'owner@example.com', password: 'whatever-123' }, ctx());
            strict_1.default.equal(s.outbox.mails.length, before + 1, 'a second notice within 15 minutes is not sent');
            const [{ n }] = await s.db.query("SELECT count(*)::int AS n FROM pending_signups WHERE email_key = 'owner@example.com' AND state = 'pending'");
            strict_1.default.equal(n, 0);
        });
        (0, node_test_1.it)('resend rotates the newest challenge: the old link dies, the new one works', async () => {
            const first = await signup('resend@example.com');
            await s.resend.resend('resend@example.com', ctx());
            const again = s.outbox.last('resend@example.com');
            const token = (0, services_2.tokenOf)(again.secrets.link);
            strict_1.default.notEqual(token, first.token);
            await strict_1.default.rejects(s.verify.byToken(first.token, '10.8.0.1'), rejectsWith('invalid_token'));
            await strict_1.default.rejects(s.resend.resend('resend@example.com', ctx()), (err) => {
                strict_1.default.ok(err instanceof app_error_1.AppError);
                strict_1.default.equal(err.code, 'rate_limited');
                strict_1.default.ok(err.retryAfter !== undefined && err.retryAfter > 0 && err.retryAfter <= 60);
                return true;
            });
            strict_1.default.equal((await s.verify.byCode('resend@example.com', again.secrets.code, '10.8.0.1')).email, 'resend@example.com');
        });
        (0, node_test_1.it)('resend sends nothing for an unknown address, with the same answer', async () => {
            const before = s.outbox.mails.length;
            await s.resend.resend('nobody@example.com', ctx());
            strict_1.default.equal(s.outbox.mails.length, before);
        });
        (0, node_test_1.it)('a failing outbox leaves nothing half-written (503)', async () => {
            s.outbox.failNext = true;
            await strict_1.default.rejects(s.create.create({ name: 'X', email: 'broken@example.com', password: 'password-123' }, ctx()), rejectsWith('service_unavailable'));
            const [{ n }] = await s.db.query("SELECT count(*)::int AS n FROM pending_signups WHERE email_key = 'broken@example.com'");
            strict_1.default.equal(n, 0);
        });
        (0, node_test_1.it)('login: unknown, wrong and unverified are one answer; repeated failures are rate limited', async () => {
            await signup('pending-only@example.com', 'password-123');
            for (const [email, password] of [
                ['pending-only@example.com', 'password-123'],
                ['ghost@example.com', 'password-123'],
                ['once@example.com', 'wrong-password'],
                ['not an address', 'x'],
            ])
                await strict_1.default.rejects(s.login.login({ email, password }, '10.9.0.1'), rejectsWith('invalid_credentials'));
            for (let i = 0; i < 9; i++)
                await strict_1.default.rejects(s.login.login({ email: 'once@example.com', password: 'wrong-password' }, `10.9.1.${i}`), rejectsWith('invalid_credentials'));
            await strict_1.default.rejects(s.login.login({ email: 'once@example.com', password: 'correct horse 1' }, '10.9.2.1'), rejectsWith('rate_limited'));
        });
        (0, node_test_1.it)('the sweeper deletes expired pending signups', async () => {
            await signup('sweep@example.com');
            await s.db.query("UPDATE pending_signups SET expires_at = now() - interval '1 minute' WHERE email_key = 'sweep@example.com'");
            strict_1.default.ok((await s.pending.sweep(new Date())) >= 1);
            const rows = await s.db.query("SELECT 1 FROM pending_signups WHERE email_key = 'sweep@example.com'");
            strict_1.default.equal(rows.length, 0);
        });
    });
}
signupContract('pglite', false);
signupContract('postgres', (0, services_1.skipWithout)('postgres'));
//# sourceMappingURL=signup.services.test.js.map