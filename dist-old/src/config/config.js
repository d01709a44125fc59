"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigError = void 0;
exports.parseEnv = parseEnv;
exports.loadConfig = loadConfig;
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
const config_schema_1 = require("./config.schema");
const dev_secrets_1 = require("./dev-secrets");
const keys_1 = require("./keys");
/** Thrown at boot; its message is the one line printed before the process exits. */
class ConfigError extends Error {
    variable;
    constructor(variable, reason) {
        super(`${variable}: ${reason}`);
        this.variable = variable;
        this.name = 'ConfigError';
    }
}
exports.ConfigError = ConfigError;
/** Treat blank variables as unset, the way dotenv users expect `FOO=` to behave. */
function withoutBlanks(source) {
    const out = {};
    for (const [k, v] of Object.entries(source))
        if (v !== undefined && v !== '')
            out[k] = v;
    return out;
}
function parseEnv(source) {
    const result = config_schema_1.envSchema.safeParse(withoutBlanks(source));
    if (!result.success) {
        const issue = result.error.issues[0];
        const variable = String(issue.path[0] ?? 'environment');
        const got = source[variable];
        const shown = got === undefined ? '' : ` (got ${JSON.stringify(got.length > 40 ? got.slice(0, 40) + '…' : got)})`;
        throw new ConfigError(variable, `${issue.message}${shown}`);
    }
    return result.data;
}
function requireIn(env, variable, why) {
    if (env[variable] === undefined)
        throw new ConfigError(variable, `is required ${why}`);
}
function checkTransport(env, transport) {
    const need = `when MAIL_TRANSPORT=${transport}`;
    switch (transport) {
        case 'mailbox':
            return;
        case 'smtp':
            return requireIn(env, 'SMTP_URL', need);
        case 'gmail':
        case 'gmail-api':
            requireIn(env, 'GMAIL_USER', need);
            requireIn(env, 'GMAIL_CLIENT_ID', need);
            requireIn(env, 'GMAIL_CLIENT_SECRET', need);
            if (env.GMAIL_REFRESH_TOKEN === undefined && env.GMAIL_ACCESS_TOKEN === undefined)
                throw new ConfigError('GMAIL_REFRESH_TOKEN', `or GMAIL_ACCESS_TOKEN is required ${need}`);
            return;
        case 'ses':
            return requireIn(env, 'AWS_REGION', need);
        case 'sns':
            requireIn(env, 'AWS_REGION', need);
            return requireIn(env, 'SNS_TOPIC_ARN', need);
    }
}
function readAwsKeys(env) {
    if (env.AWS_ACCESS_KEY_ID === undefined && env.AWS_SECRET_ACCESS_KEY === undefined)
        return undefined;
    requireIn(env, 'AWS_ACCESS_KEY_ID', 'when AWS_SECRET_ACCESS_KEY is set');
    requireIn(env, 'AWS_SECRET_ACCESS_KEY', 'when AWS_ACCESS_KEY_ID is set');
    return {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    };
}
function readDkim(env) {
    const set = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY_FILE].filter((v) => v !== undefined);
    if (set.length === 0)
        return undefined;
    requireIn(env, 'DKIM_DOMAIN', 'when any DKIM_* is set');
    requireIn(env, 'DKIM_SELECTOR', 'when any DKIM_* is set');
    requireIn(env, 'DKIM_PRIVATE_KEY_FILE', 'when any DKIM_* is set');
    try {
        const privateKey = (0, node_fs_1.readFileSync)(env.DKIM_PRIVATE_KEY_FILE, 'utf8');
        return { domain: env.DKIM_DOMAIN, selector: env.DKIM_SELECTOR, privateKey };
    }
    catch (err) {
        throw new ConfigError('DKIM_PRIVATE_KEY_FILE', `cannot be read: ${err.message}`);
    }
}
/**
 * Parses and checks the environment once. Production refuses the development conveniences
 * (generated secrets, the dev mailbox as the only destination) so a misconfigured deploy fails
 * at boot rather than mailing links nobody receives.
 */
function loadConfig(source = process.env) {
    const env = parseEnv(source);
    const production = env.NODE_ENV === 'production';
    if ((env.DATABASE_URL === undefined) !== (env.REDIS_URL === undefined)) {
        const missing = env.DATABASE_URL === undefined ? 'DATABASE_URL' : 'REDIS_URL';
        throw new ConfigError(missing, 'is required too: the distributed profile needs both DATABASE_URL and REDIS_URL');
    }
    if (production) {
        requireIn(env, 'JWT_SECRET', 'when NODE_ENV=production');
        requireIn(env, 'API_KEYS', 'when NODE_ENV=production');
        requireIn(env, 'MAIL_TRANSPORT', 'when NODE_ENV=production');
        if (env.MAILBOX === 'on')
            throw new ConfigError('MAILBOX', 'must be off when NODE_ENV=production');
    }
    const transport = env.MAIL_TRANSPORT ?? 'mailbox';
    checkTransport(env, transport);
    const mailboxEnabled = (env.MAILBOX ?? (production ? 'off' : 'on')) === 'on';
    if (transport === 'mailbox' && !mailboxEnabled)
        throw new ConfigError('MAIL_TRANSPORT', 'is "mailbox" but MAILBOX is off: set MAIL_TRANSPORT to a real transport');
    const dataDir = node_path_1.default.resolve(env.DATA_DIR);
    const dev = production ? undefined : (0, dev_secrets_1.loadDevSecrets)(dataDir);
    const jwtSecret = env.JWT_SECRET ?? dev.jwtSecret;
    const apiKeys = env.API_KEYS?.split(',').map((k) => k.trim()) ?? [dev.apiKey];
    return {
        env: env.NODE_ENV,
        profile: env.DATABASE_URL ? 'distributed' : 'embedded',
        http: {
            port: env.PORT,
            host: env.HOST,
            publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
            trustProxy: env.TRUST_PROXY === 'on',
        },
        dataDir,
        databaseUrl: env.DATABASE_URL,
        redisUrl: env.REDIS_URL,
        keys: (0, keys_1.deriveKeys)(jwtSecret),
        apiKeys,
        apiKeyGenerated: env.API_KEYS === undefined,
        mail: {
            from: env.MAIL_FROM,
            transport,
            smtpUrl: env.SMTP_URL,
            gmail: {
                user: env.GMAIL_USER,
                clientId: env.GMAIL_CLIENT_ID,
                clientSecret: env.GMAIL_CLIENT_SECRET,
                refreshToken: env.GMAIL_REFRESH_TOKEN,
                accessToken: env.GMAIL_ACCESS_TOKEN,
                expires: env.GMAIL_TOKEN_EXPIRES,
                accessUrl: env.GMAIL_ACCESS_URL,
                smtpUrl: env.GMAIL_SMTP_URL,
                apiUrl: env.GMAIL_API_URL.replace(/\/+$/, ''),
            },
            aws: {
                region: env.AWS_REGION,
                sesEndpoint: env.SES_ENDPOINT,
                snsTopicArn: env.SNS_TOPIC_ARN,
                snsEndpoint: env.SNS_ENDPOINT,
                credentials: readAwsKeys(env),
            },
            dkim: readDkim(env),
        },
        mailbox: {
            enabled: mailboxEnabled,
            host: env.MAILBOX_HOST,
            smtpPort: env.MAILBOX_SMTP_PORT,
            pop3Port: env.MAILBOX_POP3_PORT,
            imapPort: env.MAILBOX_IMAP_PORT,
            imapTimeoutMs: env.MAILBOX_IMAP_TIMEOUT * 1000,
            password: env.MAILBOX_PASSWORD ?? 'mailgate',
            maxMessages: env.MAILBOX_MAX_MESSAGES,
            chaos: env.MAILBOX_CHAOS,
        },
        signup: { tokenTtlSeconds: env.SIGNUP_TOKEN_TTL, codeTtlSeconds: env.SIGNUP_CODE_TTL },
        rateLimit: env.RATE_LIMIT === 'on',
        logLevel: env.LOG_LEVEL,
    };
}
//# sourceMappingURL=config.js.map