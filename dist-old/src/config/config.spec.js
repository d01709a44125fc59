"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_test_1 = require("node:test");
const config_1 = require("./config");
const dirs = [];
function dataDir() {
    const dir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-config-'));
    dirs.push(dir);
    return dir;
}
(0, node_test_1.after)(() => dirs.forEach((d) => (0, node_fs_1.rmSync)(d, { recursive: true, force: true })));
function failure(env) {
    try {
        (0, config_1.loadConfig)({ DATA_DIR: dataDir(), ...env });
    }
    catch (err) {
        strict_1.default.ok(err instanceof config_1.ConfigError, `expected ConfigError, got ${String(err)}`);
        return err;
    }
    strict_1.default.fail('expected loadConfig to throw');
}
(0, node_test_1.describe)('loadConfig', () => {
    (0, node_test_1.it)('gives the contract defaults with nothing set', () => {
        const c = (0, config_1.loadConfig)({ DATA_DIR: dataDir() });
        strict_1.default.equal(c.profile, 'embedded');
        strict_1.default.equal(c.http.port, 3000);
        strict_1.default.equal(c.http.host, '127.0.0.1');
        strict_1.default.equal(c.http.publicUrl, 'http://localhost:3000');
        strict_1.default.equal(c.mail.transport, 'mailbox');
        strict_1.default.equal(c.mail.from, 'mailgate <no-reply@localhost>');
        strict_1.default.equal(c.mailbox.enabled, true);
        strict_1.default.deepEqual([c.mailbox.smtpPort, c.mailbox.pop3Port, c.mailbox.imapPort], [1025, 1110, 1143]);
        strict_1.default.equal(c.mailbox.password, 'mailgate');
        strict_1.default.equal(c.mailbox.maxMessages, 10000);
        strict_1.default.deepEqual(c.signup, { tokenTtlSeconds: 86400, codeTtlSeconds: 1800 });
        strict_1.default.equal(c.rateLimit, true);
        strict_1.default.equal(c.http.trustProxy, false);
    });
    (0, node_test_1.it)('names the variable and the bad value in one line', () => {
        const err = failure({ PORT: 'abc' });
        strict_1.default.equal(err.variable, 'PORT');
        strict_1.default.match(err.message, /^PORT: .*"abc"/);
        strict_1.default.doesNotMatch(err.message, /\n/);
        strict_1.default.equal(failure({ MAIL_TRANSPORT: 'carrier-pigeon' }).variable, 'MAIL_TRANSPORT');
        strict_1.default.equal(failure({ RATE_LIMIT: 'maybe' }).variable, 'RATE_LIMIT');
        strict_1.default.equal(failure({ JWT_SECRET: 'short' }).variable, 'JWT_SECRET');
        strict_1.default.equal(failure({ PUBLIC_URL: 'ftp://x' }).variable, 'PUBLIC_URL');
    });
    (0, node_test_1.it)('parses MAILBOX_CHAOS and names it when it is wrong', () => {
        strict_1.default.deepEqual((0, config_1.loadConfig)({ DATA_DIR: dataDir() }).mailbox.chaos, []);
        strict_1.default.deepEqual((0, config_1.loadConfig)({ DATA_DIR: dataDir(), MAILBOX_CHAOS: '451:0.3,drop:1:2' }).mailbox.chaos, [
            { reply: 451, rate: 0.3 },
            { reply: 'drop', rate: 1, count: 2 },
        ]);
        const err = failure({ MAILBOX_CHAOS: '452:0.5' });
        strict_1.default.equal(err.variable, 'MAILBOX_CHAOS');
        strict_1.default.match(err.message, /^MAILBOX_CHAOS: rule "452:0.5" is not REPLY:RATE\[:COUNT\].*\(got "452:0.5"\)$/);
        strict_1.default.doesNotMatch(err.message, /\n/);
    });
    (0, node_test_1.it)('needs both DATABASE_URL and REDIS_URL for the distributed profile', () => {
        strict_1.default.equal(failure({ DATABASE_URL: 'postgres://localhost/x' }).variable, 'REDIS_URL');
        strict_1.default.equal(failure({ REDIS_URL: 'redis://localhost' }).variable, 'DATABASE_URL');
    });
    (0, node_test_1.it)('checks what the chosen transport needs', () => {
        strict_1.default.equal(failure({ MAIL_TRANSPORT: 'smtp' }).variable, 'SMTP_URL');
        strict_1.default.equal(failure({ MAIL_TRANSPORT: 'sns', AWS_REGION: 'eu-west-1' }).variable, 'SNS_TOPIC_ARN');
        strict_1.default.equal(failure({ MAIL_TRANSPORT: 'mailbox', MAILBOX: 'off' }).variable, 'MAIL_TRANSPORT');
    });
    (0, node_test_1.it)('gives the Gmail endpoints their defaults and takes AWS keys only as a pair', () => {
        const c = (0, config_1.loadConfig)({ DATA_DIR: dataDir(), GMAIL_API_URL: 'http://127.0.0.1:9000/' });
        strict_1.default.equal(c.mail.gmail.smtpUrl, 'smtps://smtp.gmail.com:465');
        strict_1.default.equal(c.mail.gmail.apiUrl, 'http://127.0.0.1:9000');
        strict_1.default.equal((0, config_1.loadConfig)({ DATA_DIR: dataDir() }).mail.gmail.apiUrl, 'https://gmail.googleapis.com');
        strict_1.default.equal(c.mail.aws.credentials, undefined, 'unset: the SDK default credential chain');
        strict_1.default.equal(failure({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' }).variable, 'AWS_SECRET_ACCESS_KEY');
        strict_1.default.equal(failure({ AWS_SECRET_ACCESS_KEY: 'secret' }).variable, 'AWS_ACCESS_KEY_ID');
        strict_1.default.equal(failure({ GMAIL_SMTP_URL: 'https://smtp.gmail.com' }).variable, 'GMAIL_SMTP_URL');
    });
    (0, node_test_1.it)('refuses development defaults in production', () => {
        strict_1.default.equal(failure({ NODE_ENV: 'production' }).variable, 'JWT_SECRET');
        const secret = 'x'.repeat(32);
        strict_1.default.equal(failure({ NODE_ENV: 'production', JWT_SECRET: secret }).variable, 'API_KEYS');
        const base = { NODE_ENV: 'production', JWT_SECRET: secret, API_KEYS: 'k'.repeat(20) };
        strict_1.default.equal(failure(base).variable, 'MAIL_TRANSPORT');
        const prod = (0, config_1.loadConfig)({
            ...base,
            DATA_DIR: dataDir(),
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: 'smtp://h:25',
        });
        strict_1.default.equal(prod.mailbox.enabled, false);
        strict_1.default.equal(failure({ ...base, MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://h:25', MAILBOX: 'on' }).variable, 'MAILBOX');
    });
    (0, node_test_1.it)('generates development secrets once into DATA_DIR and reuses them', () => {
        const dir = dataDir();
        const first = (0, config_1.loadConfig)({ DATA_DIR: dir });
        const second = (0, config_1.loadConfig)({ DATA_DIR: dir });
        strict_1.default.deepEqual(second.apiKeys, first.apiKeys);
        strict_1.default.deepEqual(second.keys.jwt, first.keys.jwt);
        strict_1.default.equal(first.apiKeyGenerated, true);
        const file = node_path_1.default.join(dir, 'dev-secrets.json');
        strict_1.default.equal((0, node_fs_1.statSync)(file).mode & 0o777, 0o600);
        strict_1.default.ok(JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8')).jwtSecret.length >= 43);
        const other = (0, config_1.loadConfig)({ DATA_DIR: dataDir() });
        strict_1.default.notDeepEqual(other.keys.jwt, first.keys.jwt);
    });
    (0, node_test_1.it)('derives a distinct key per purpose from JWT_SECRET', () => {
        const c = (0, config_1.loadConfig)({ DATA_DIR: dataDir(), JWT_SECRET: 's'.repeat(40) });
        strict_1.default.deepEqual(Buffer.from(c.keys.jwt), Buffer.from('s'.repeat(40)));
        const keys = [c.keys.codeHmac, c.keys.tokenHmac, c.keys.seal, c.keys.lookup].map((k) => k.toString('hex'));
        strict_1.default.equal(new Set(keys).size, 4);
    });
    (0, node_test_1.it)('stops `npm start` with one line naming the variable', () => {
        const main = node_path_1.default.resolve(__dirname, '..', 'main.js');
        const r = (0, node_child_process_1.spawnSync)(process.execPath, [main], {
            env: { PATH: process.env.PATH, PORT: '99999', DATA_DIR: dataDir() },
            encoding: 'utf8',
            timeout: 20_000,
        });
        strict_1.default.equal(r.status, 1);
        strict_1.default.equal(r.stderr.trim().split('\n').length, 1);
        strict_1.default.match(r.stderr, /^mailgate: invalid setting PORT: /);
    });
});
//# sourceMappingURL=config.spec.js.map