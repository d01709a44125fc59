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
const mailparser_1 = require("mailparser");
const config_1 = require("../../src/config/config");
const gmail_api_transport_1 = require("../../src/modules/mail/transports/gmail-api/gmail-api.transport");
const gmail_api_error_classifier_1 = require("../../src/modules/mail/transports/gmail-api/gmail-api-error.classifier");
const mail_transport_port_1 = require("../../src/modules/mail/transports/mail-transport.port");
const http_stand_in_1 = require("./http-stand-in");
const transport_contract_1 = require("./transport-contract");
const client = {
    clientId: 'client-2.apps.googleusercontent.com',
    clientSecret: 'secret-2',
    refreshToken: '1//refresh-2',
};
const user = 'sender@gmail.test';
const SEND = '/gmail/v1/users/me/messages/send';
const dirs = [];
(0, node_test_1.after)(() => dirs.forEach((d) => (0, node_fs_1.rmSync)(d, { recursive: true, force: true })));
/**
 * The Gmail API's users.messages.send as documented: POST …/users/me/messages/send, `Authorization:
 * Bearer <token>`, a JSON body `{"raw": base64url(RFC 2822 message)}`; 200 `{id, threadId, labelIds}`.
 * A wrong token gets Google's 401 body. `script` answers the next requests instead (429, 500, 400 …).
 */
class GmailApi {
    raws = [];
    script = [];
    server;
    static async start(tokens) {
        const api = new GmailApi();
        api.server = await http_stand_in_1.HttpStandIn.start((req, s) => api.answer(req, s, tokens));
        return api;
    }
    answer(req, s, tokens) {
        if (req.method !== 'POST')
            return s.reject(`method ${req.method}`);
        if (req.path !== SEND)
            return s.reject(`path ${req.path}`);
        if (!String(req.headers['content-type']).startsWith('application/json'))
            return s.reject('content-type');
        if (req.headers.authorization !== `Bearer ${tokens.current}`)
            return {
                status: 401,
                body: { error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] } },
            };
        let body;
        try {
            body = JSON.parse(req.body);
        }
        catch {
            return s.reject('body is not JSON');
        }
        if (Object.keys(body).join() !== 'raw' || typeof body.raw !== 'string')
            return s.reject('body must be {raw}');
        if (!/^[A-Za-z0-9_-]+$/.test(body.raw))
            return s.reject('raw is not base64url');
        const scripted = this.script.shift();
        if (scripted)
            return scripted;
        this.raws.push(Buffer.from(body.raw, 'base64url').toString('utf8'));
        return { status: 200, body: { id: `msg-${this.raws.length}`, threadId: 't1', labelIds: ['SENT'] } };
    }
    to(address) {
        return this.raws.find((r) => recipientOf(r) === address);
    }
}
/** The address in the To header, headers unfolded first (a long encoded name folds the line). */
function recipientOf(raw) {
    const headers = raw.split(/\r\n\r\n/)[0].replace(/\r\n[ \t]+/g, ' ');
    return /^To: .*<([^>]+)>\s*$/im.exec(headers)?.[1] ?? /^To: (\S+@\S+)\s*$/im.exec(headers)?.[1];
}
async function start(env = {}) {
    const tokens = await http_stand_in_1.TokenEndpoint.start(client);
    const api = await GmailApi.start(tokens);
    const dataDir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-gmail-api-'));
    dirs.push(dataDir);
    const waits = [];
    const transport = new gmail_api_transport_1.GmailApiTransport((0, config_1.loadConfig)({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        MAIL_TRANSPORT: 'gmail-api',
        GMAIL_USER: user,
        GMAIL_CLIENT_ID: client.clientId,
        GMAIL_CLIENT_SECRET: client.clientSecret,
        GMAIL_REFRESH_TOKEN: client.refreshToken,
        GMAIL_ACCESS_URL: tokens.url,
        GMAIL_API_URL: api.server.url,
        ...env,
    }), async (ms) => void waits.push(ms));
    const close = async () => {
        await transport.close();
        await api.server.close();
        await tokens.server.close();
    };
    return { tokens, api, transport, waits, close };
}
function mail(to) {
    return {
        messageId: `<${Math.random().toString(36).slice(2)}@mailgate.test>`,
        from: { name: 'mailgate', address: user },
        to: { name: '김민준', address: to },
        subject: '이메일 주소를 확인해 주세요',
        text: 'code 123456',
        html: '<p>code 123456</p>',
        headers: { 'Auto-Submitted': 'auto-generated' },
    };
}
async function failure(p) {
    const err = await p.then(() => strict_1.default.fail('expected a failure'), (e) => e);
    strict_1.default.ok(err instanceof mail_transport_port_1.TransportError, String(err));
    return err;
}
(0, transport_contract_1.providerContract)('gmail-api', async () => {
    const s = await start();
    return {
        transport: s.transport,
        received: async (to) => s.api.to(to),
        close: async () => {
            strict_1.default.deepEqual(s.api.server.problems, []);
            await s.close();
        },
    };
});
(0, node_test_1.describe)('gmail-api against a local stand-in', () => {
    (0, node_test_1.it)('refreshes a token, posts {raw} with a Bearer header, and raw decodes to our message', async () => {
        const s = await start();
        try {
            const m = mail('a@example.test');
            const result = await s.transport.send(m);
            strict_1.default.equal(result.response, 'Gmail API accepted, id msg-1');
            strict_1.default.equal(s.tokens.refreshes, 1);
            strict_1.default.deepEqual(s.tokens.server.problems, []);
            strict_1.default.deepEqual(s.api.server.problems, []);
            const parsed = await (0, mailparser_1.simpleParser)(s.api.raws[0]);
            strict_1.default.equal(parsed.messageId, m.messageId);
            strict_1.default.equal(parsed.subject, m.subject);
            strict_1.default.equal(parsed.text?.trim(), 'code 123456');
            await s.transport.send(mail('b@example.test'));
            strict_1.default.equal(s.tokens.refreshes, 1, 'the token is reused while valid');
        }
        finally {
            await s.close();
        }
    });
    (0, node_test_1.it)('401 refreshes the token once and retries', async () => {
        const s = await start({
            GMAIL_ACCESS_TOKEN: 'ya29.revoked',
            GMAIL_TOKEN_EXPIRES: String(Date.now() + 3_600_000),
        });
        try {
            await s.transport.send(mail('c@example.test'));
            strict_1.default.equal(s.tokens.refreshes, 1);
            strict_1.default.equal(s.api.server.requests.length, 2, 'one 401, then the retry');
            strict_1.default.ok(s.api.to('c@example.test'));
        }
        finally {
            await s.close();
        }
    });
    (0, node_test_1.it)('429 and 5xx are retried in place honouring a short Retry-After; a long one goes back to the worker as throttled', async () => {
        const s = await start();
        try {
            s.api.script.push({ status: 429, headers: { 'retry-after': '2' }, body: {} }, { status: 503, body: {} });
            await s.transport.send(mail('d@example.test'));
            strict_1.default.deepEqual(s.waits, [2000, 1000], 'Retry-After: 2 s, then the doubling pause');
            strict_1.default.ok(s.api.to('d@example.test'));
            s.api.script.push({ status: 429, headers: { 'retry-after': '120' }, body: {} });
            const err = await failure(s.transport.send(mail('e@example.test')));
            strict_1.default.equal(err.kind, 'throttled');
            strict_1.default.equal(err.retryAfterMs, 120_000);
            s.api.script.push({ status: 500, body: {} }, { status: 500, body: {} }, { status: 500, body: {} });
            strict_1.default.equal((await failure(s.transport.send(mail('f@example.test')))).kind, 'retryable');
        }
        finally {
            await s.close();
        }
    });
    (0, node_test_1.it)('400 invalid recipient is permanent and the stored message has no provider free text', async () => {
        const s = await start();
        try {
            s.api.script.push({
                status: 400,
                body: {
                    error: {
                        code: 400,
                        message: 'Invalid To header: secret@x',
                        errors: [{ reason: 'invalidArgument' }],
                    },
                },
            });
            const err = await failure(s.transport.send(mail('g@example.test')));
            strict_1.default.equal(err.kind, 'permanent');
            strict_1.default.equal(err.message, 'Gmail API HTTP 400 (invalidArgument): rejected');
            s.api.script.push({ status: 403, body: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } });
            s.api.script.push({ status: 403, body: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } });
            s.api.script.push({ status: 403, body: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } });
            strict_1.default.equal((await failure(s.transport.send(mail('h@example.test')))).kind, 'throttled');
        }
        finally {
            await s.close();
        }
    });
    (0, node_test_1.it)('invalid_grant is held back as throttled and fails health with the re-consent explanation', async () => {
        const s = await start();
        s.tokens.failWith = 'invalid_grant';
        try {
            const err = await failure(s.transport.send(mail('i@example.test')));
            strict_1.default.equal(err.kind, 'throttled');
            await failure(s.transport.send(mail('i@example.test')));
            strict_1.default.equal(s.tokens.refreshes, 1);
            strict_1.default.equal(s.api.server.requests.length, 0);
            const health = s.transport.health();
            strict_1.default.equal(health.ok, false);
            strict_1.default.match(health.detail ?? '', /invalid_grant.*7 days/s);
        }
        finally {
            await s.close();
        }
    });
    (0, node_test_1.it)('an unreachable API is retryable', async () => {
        const s = await start({ GMAIL_API_URL: `http://127.0.0.1:${await (0, http_stand_in_1.deadPort)()}` });
        try {
            const err = await failure(s.transport.send(mail('j@example.test')));
            strict_1.default.equal(err.kind, 'retryable');
            strict_1.default.match(err.message, /network error talking to the Gmail API: ECONNREFUSED/);
        }
        finally {
            await s.close();
        }
    });
    (0, node_test_1.it)('Retry-After takes seconds or an HTTP date', () => {
        strict_1.default.equal((0, gmail_api_error_classifier_1.retryAfterMs)('7'), 7000);
        strict_1.default.equal((0, gmail_api_error_classifier_1.retryAfterMs)(new Date(Date.now() + 60_000).toUTCString(), Date.now()) !== undefined, true);
        strict_1.default.equal((0, gmail_api_error_classifier_1.retryAfterMs)(null), undefined);
        strict_1.default.equal((0, gmail_api_error_classifier_1.retryAfterMs)('soon'), undefined);
    });
});
//# sourceMappingURL=gmail-api.test.js.map