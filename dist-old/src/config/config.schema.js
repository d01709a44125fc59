"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.envSchema = exports.TRANSPORTS = void 0;
const zod_1 = require("zod");
const mailbox_chaos_1 = require("./mailbox-chaos");
/**
 * The one schema for every setting in CONTRACT.md §3. Nothing else in the code base reads
 * `process.env`: `loadConfig` parses it once at boot and hands out the typed result.
 */
const onOff = zod_1.z.enum(['on', 'off']);
const port = zod_1.z.coerce.number().int().min(0).max(65535);
const seconds = zod_1.z.coerce.number().int().positive();
const optionalString = zod_1.z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const url = (protocols) => zod_1.z
    .string()
    .trim()
    .refine((v) => {
    try {
        return protocols.includes(new URL(v).protocol);
    }
    catch {
        return false;
    }
}, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
exports.TRANSPORTS = ['mailbox', 'smtp', 'gmail', 'gmail-api', 'ses', 'sns'];
exports.envSchema = zod_1.z.object({
    NODE_ENV: zod_1.z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(3000),
    HOST: zod_1.z.string().trim().min(1).default('127.0.0.1'),
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    DATA_DIR: zod_1.z.string().trim().min(1).default('./data'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    JWT_SECRET: zod_1.z
        .string()
        .optional()
        .refine((v) => v === undefined || Buffer.byteLength(v) >= 32, 'must be at least 32 bytes'),
    API_KEYS: optionalString.refine((v) => v === undefined || v.split(',').every((k) => k.trim().length >= 16), 'each comma-separated key must be at least 16 characters'),
    MAIL_FROM: zod_1.z.string().trim().min(3).default('mailgate <no-reply@localhost>'),
    MAIL_TRANSPORT: zod_1.z.enum(exports.TRANSPORTS).optional(),
    SMTP_URL: url(['smtp:', 'smtps:']).optional(),
    GMAIL_USER: optionalString,
    GMAIL_CLIENT_ID: optionalString,
    GMAIL_CLIENT_SECRET: optionalString,
    GMAIL_REFRESH_TOKEN: optionalString,
    GMAIL_ACCESS_TOKEN: optionalString,
    GMAIL_TOKEN_EXPIRES: zod_1.z.coerce.number().int().nonnegative().optional(),
    GMAIL_ACCESS_URL: url(['http:', 'https:']).optional(),
    GMAIL_SMTP_URL: url(['smtp:', 'smtps:']).default('smtps://smtp.gmail.com:465'),
    GMAIL_API_URL: url(['http:', 'https:']).default('https://gmail.googleapis.com'),
    AWS_REGION: optionalString,
    SES_ENDPOINT: url(['http:', 'https:']).optional(),
    SNS_TOPIC_ARN: optionalString,
    SNS_ENDPOINT: url(['http:', 'https:']).optional(),
    AWS_ACCESS_KEY_ID: optionalString,
    AWS_SECRET_ACCESS_KEY: optionalString,
    DKIM_DOMAIN: optionalString,
    DKIM_SELECTOR: optionalString,
    DKIM_PRIVATE_KEY_FILE: optionalString,
    MAILBOX: onOff.optional(),
    MAILBOX_HOST: zod_1.z.string().trim().min(1).default('127.0.0.1'),
    MAILBOX_SMTP_PORT: port.default(1025),
    MAILBOX_POP3_PORT: port.default(1110),
    MAILBOX_IMAP_PORT: port.default(1143),
    /** IMAP autologout after this many idle seconds (RFC 3501 §5.4 asks for at least 30 minutes). */
    MAILBOX_IMAP_TIMEOUT: seconds.default(1800),
    MAILBOX_PASSWORD: optionalString,
    MAILBOX_MAX_MESSAGES: zod_1.z.coerce.number().int().positive().default(10000),
    MAILBOX_CHAOS: zod_1.z
        .string()
        .optional()
        .transform((value, ctx) => {
        try {
            return (0, mailbox_chaos_1.parseChaosRules)(value ?? '');
        }
        catch (err) {
            ctx.addIssue({ code: 'custom', message: err.message });
            return zod_1.z.NEVER;
        }
    }),
    SIGNUP_TOKEN_TTL: seconds.default(86400),
    SIGNUP_CODE_TTL: seconds.default(1800),
    RATE_LIMIT: onOff.default('on'),
    TRUST_PROXY: onOff.default('off'),
    LOG_LEVEL: zod_1.z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});
//# sourceMappingURL=config.schema.js.map