"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const config_1 = require("../../src/config/config");
const gmail_transport_1 = require("../../src/modules/mail/transports/gmail/gmail.transport");
const mail_transport_port_1 = require("../../src/modules/mail/transports/mail-transport.port");
const app_1 = require("../support/app");
const http_stand_in_1 = require("./http-stand-in");
const smtp_sink_1 = require("./smtp-sink");
const transport_contract_1 = require("./transport-contract");
const client = {
    clientId: 'client-1.apps.googleusercontent.com',
    clientSecret: 'secret-1',
    refreshToken: '1//refresh-1',
};
const user = 'sender@gmail.test';
const dirs = [];
(0, node_test_1.after)(() => dirs.forEach((d) => (0, node_fs_1.rmSync)(d, { recursive: true, force: true })));
function dataDir() {
    const d = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-gmail-'));
    dirs.push(d);
    return d;
}
function gmail(env, dir = dataDir()) {
    return new gmail_transport_1.GmailTransport((0, config_1.loadConfig)({
        NODE_ENV: 'test',
        DATA_DIR: dir,
        MAIL_TRANSPORT: 'gmail',
        GMAIL_USER: user,
        GMAIL_CLIENT_ID: client.clientId,
        GMAIL_CLIENT_SECRET: client.clientSecret,
        GMAIL_REFRESH_TOKEN: client.refreshToken,
        ...env,
    }));
}
function mail(to) {
    return {
        messageId: `<${Math.random().toString(36).slice(2)}@mailgate.test>`,
        from: { name: 'mailgate', address: user },
        to: { address: to },
        subject: 'hello',
        text: 'hello',
        html: '<p>hello</p>',
        headers: {},
    };
}
// The shared SMTP contract, over XOAUTH2 with a configured, still valid access token.
(0, transport_contract_1.transportContract)('gmail (XOAUTH2)', (sink) => gmail({
    GMAIL_SMTP_URL: sink.url,
    GMAIL_ACCESS_TOKEN: 'ya29.configured',
    GMAIL_TOKEN_EXPIRES: String(Date.now() + 3_600_000),
    GMAIL_ACCESS_URL: 'http://127.0.0.1:9/token', // never called: the token is valid
}), { xoauth2: { user, accessToken: () => 'ya29.configured' } });
(0, node_test_1.describe)('gmail: OAuth2 refresh against a local token endpoint', () => {
    (0, node_test_1.it)('refreshes with the refresh token, logs in with XOAUTH2, keeps the token (0600) and reuses it after a restart', async () => {
        const tokens = await http_stand_in_1.TokenEndpoint.start(client);
        const logins = [];
        const sink = await smtp_sink_1.SmtpSink.start({
            xoauth2: { user, accessToken: () => tokens.current },
            onAuth: (a) => logins.push(a),
        });
        const dir = dataDir();
        const env = { GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: tokens.url };
        try {
            const first = gmail(env, dir);
            const result = await first.send(mail('a@example.test'));
            await first.close();
            strict_1.default.deepEqual(result.accepted, ['a@example.test']);
            strict_1.default.deepEqual(tokens.server.problems, []);
            strict_1.default.equal(tokens.refreshes, 1);
            strict_1.default.deepEqual(logins, [{ method: 'XOAUTH2', username: user, accessToken: 'ya29.test-1' }]);
            const file = node_path_1.default.join(dir, 'gmail-token.json');
            strict_1.default.equal((0, node_fs_1.statSync)(file).mode & 0o777, 0o600);
            const stored = JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8'));
            strict_1.default.equal(stored.accessToken, 'ya29.test-1');
            strict_1.default.ok(stored.expires > Date.now() + 3_000_000, 'expires_in 3599 s from now');
            strict_1.default.equal(JSON.stringify(stored).includes(client.refreshToken), false, 'no refresh token on disk');
            const second = gmail(env, dir);
            await second.send(mail('b@example.test'));
            await second.close();
            strict_1.default.equal(tokens.refreshes, 1, 'the stored token was reused, not refreshed again');
            strict_1.default.equal(logins.at(-1)?.accessToken, 'ya29.test-1');
            strict_1.default.equal(sink.to('b@example.test').length, 1);
        }
        finally {
            await sink.close();
            await tokens.server.close();
        }
    });
    (0, node_test_1.it)('a token the server refuses is refreshed once and the send goes through', async () => {
        const tokens = await http_stand_in_1.TokenEndpoint.start(client);
        const sink = await smtp_sink_1.SmtpSink.start({ xoauth2: { user, accessToken: () => tokens.current } });
        const transport = gmail({
            GMAIL_SMTP_URL: sink.url,
            GMAIL_ACCESS_URL: tokens.url,
            GMAIL_ACCESS_TOKEN: 'ya29.revoked',
            GMAIL_TOKEN_EXPIRES: String(Date.now() + 3_600_000),
        });
        try {
            await transport.send(mail('c@example.test'));
            strict_1.default.equal(tokens.refreshes, 1);
            strict_1.default.equal(sink.to('c@example.test').length, 1);
        }
        finally {
            await transport.close();
            await sink.close();
            await tokens.server.close();
        }
    });
    (0, node_test_1.it)('invalid_grant: sends are held back (throttled) without asking Google again, health explains re-consent', async () => {
        const tokens = await http_stand_in_1.TokenEndpoint.start(client);
        tokens.failWith = 'invalid_grant';
        const sink = await smtp_sink_1.SmtpSink.start({ xoauth2: { user, accessToken: () => tokens.current } });
        const transport = gmail({ GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: tokens.url });
        try {
            strict_1.default.equal(transport.health().ok, true);
            for (let i = 0; i < 2; i++) {
                const err = await transport.send(mail('d@example.test')).then(() => strict_1.default.fail('expected a failure'), (e) => e);
                strict_1.default.ok(err instanceof mail_transport_port_1.TransportError);
                strict_1.default.equal(err.kind, 'throttled');
                strict_1.default.match(err.message, /invalid_grant/);
            }
            strict_1.default.equal(tokens.refreshes, 1, 'a dead grant is not retried against Google');
            strict_1.default.equal(sink.received.length, 0);
            const health = transport.health();
            strict_1.default.equal(health.ok, false);
            strict_1.default.match(health.detail ?? '', /invalid_grant/);
            strict_1.default.match(health.detail ?? '', /7 days/);
            strict_1.default.match(health.detail ?? '', /"Testing"/);
            strict_1.default.equal((health.detail ?? '').includes(client.refreshToken), false);
        }
        finally {
            await transport.close();
            await sink.close();
            await tokens.server.close();
        }
    });
    (0, node_test_1.it)('a login refused even with a fresh token (wrong user or scope) is held back, not failed', async () => {
        const tokens = await http_stand_in_1.TokenEndpoint.start(client);
        const sink = await smtp_sink_1.SmtpSink.start({
            xoauth2: { user: 'someone-else@gmail.test', accessToken: () => tokens.current },
        });
        const transport = gmail({ GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: tokens.url });
        try {
            const err = await transport.send(mail('f@example.test')).then(() => strict_1.default.fail('expected a failure'), (e) => e);
            strict_1.default.ok(err instanceof mail_transport_port_1.TransportError);
            strict_1.default.equal(err.kind, 'throttled');
            strict_1.default.match(err.message, /^SMTP 535: Gmail refused the XOAUTH2 login/);
            strict_1.default.equal(tokens.refreshes, 2, 'the first token, then one renewal after the 334 challenge');
        }
        finally {
            await transport.close();
            await sink.close();
            await tokens.server.close();
        }
    });
    (0, node_test_1.it)('a token endpoint that is down is retryable, not a dead grant', async () => {
        const sink = await smtp_sink_1.SmtpSink.start({ xoauth2: { user, accessToken: () => undefined } });
        const transport = gmail({ GMAIL_SMTP_URL: sink.url, GMAIL_ACCESS_URL: 'http://127.0.0.1:9/token' });
        try {
            const err = await transport.send(mail('e@example.test')).then(() => strict_1.default.fail('expected a failure'), (e) => e);
            strict_1.default.ok(err instanceof mail_transport_port_1.TransportError);
            strict_1.default.equal(err.kind, 'retryable');
            strict_1.default.equal(transport.health().ok, true);
        }
        finally {
            await transport.close();
            await sink.close();
        }
    });
});
(0, node_test_1.describe)('gmail: an expired grant fails /health', () => {
    (0, node_test_1.it)('GET /health answers 503 naming the mail check with the re-consent explanation', async () => {
        const tokens = await http_stand_in_1.TokenEndpoint.start(client);
        tokens.failWith = 'invalid_grant';
        const sink = await smtp_sink_1.SmtpSink.start({ xoauth2: { user, accessToken: () => tokens.current } });
        const app = await (0, app_1.startTestApp)({
            MAIL_TRANSPORT: 'gmail',
            MAIL_FROM: `mailgate <${user}>`,
            GMAIL_USER: user,
            GMAIL_CLIENT_ID: client.clientId,
            GMAIL_CLIENT_SECRET: client.clientSecret,
            GMAIL_REFRESH_TOKEN: client.refreshToken,
            GMAIL_ACCESS_URL: tokens.url,
            GMAIL_SMTP_URL: sink.url,
        });
        try {
            const before = await fetch(`${app.url}/health`);
            strict_1.default.equal(before.status, 200);
            const signup = await fetch(`${app.url}/users`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' }),
            });
            strict_1.default.equal(signup.status, 202);
            const body = await (0, smtp_sink_1.waitFor)('/health to fail', async () => {
                const res = await fetch(`${app.url}/health`);
                return res.status === 503 ? (await res.json()) : undefined;
            });
            strict_1.default.match(body.checks.mail, /invalid_grant/);
            strict_1.default.match(body.checks.mail, /re-consent|Re-consent/);
            strict_1.default.match(body.checks.mail, /7 days/);
            strict_1.default.deepEqual(tokens.server.problems, []);
        }
        finally {
            await app.destroy();
            await sink.close();
            await tokens.server.close();
        }
    });
});
//# sourceMappingURL=gmail.test.js.map