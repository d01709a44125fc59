import { z } from 'zod';
import { parseChaosRules } from './mailbox-chaos';

/**
 * The one schema for every setting in CONTRACT.md §3. Nothing else in the code base reads
 * `process.env`: `loadConfig` parses it once at boot and hands out the typed result.
 */

const onOff = z.enum(['on', 'off']);
const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().int().positive();
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

export const TRANSPORTS = ['mailbox', 'smtp', 'gmail', 'gmail-api', 'ses', 'sns'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  /** Distributed profile: a statement PostgreSQL has not answered in this many seconds fails (503). */
  DATABASE_QUERY_TIMEOUT: z.coerce.number().min(0.05).max(3600).default(10),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits or :_.-')
    .default('mailgate:'),
  JWT_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || Buffer.byteLength(v) >= 32, 'must be at least 32 bytes'),
  API_KEYS: optionalString.refine(
    (v) => v === undefined || v.split(',').every((k) => k.trim().length >= 16),
    'each comma-separated key must be at least 16 characters',
  ),
  MAIL_FROM: z.string().trim().min(3).default('mailgate <no-reply@localhost>'),
  MAIL_TRANSPORT: z.enum(TRANSPORTS).optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  GMAIL_USER: optionalString,
  GMAIL_CLIENT_ID: optionalString,
  GMAIL_CLIENT_SECRET: optionalString,
  GMAIL_REFRESH_TOKEN: optionalString,
  GMAIL_ACCESS_TOKEN: optionalString,
  GMAIL_TOKEN_EXPIRES: z.coerce.number().int().nonnegative().optional(),
  GMAIL_ACCESS_URL: url(['http:', 'https:']).optional(),
  GMAIL_SMTP_URL: url(['smtp:', 'smtps:']).default('smtps://smtp.gmail.com:465'),
  GMAIL_API_URL: url(['http:', 'https:']).default('https://gmail.googleapis.com'),
  AWS_REGION: optionalString,
  SES_ENDPOINT: url(['http:', 'https:']).optional(),
  SNS_TOPIC_ARN: optionalString,
  SNS_ENDPOINT: url(['http:', 'https:']).optional(),
  /** Topics whose SES bounce/complaint notifications POST /emails/events/sns accepts (comma-separated); off when unset. */
  SES_NOTIFICATIONS_TOPIC_ARN: optionalString.refine(
    (v) =>
      v === undefined ||
      v
        .split(',')
        .every((a) => /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(a.trim())),
    'must be comma-separated SNS topic ARNs (arn:aws:sns:REGION:ACCOUNT:NAME)',
  ),
  /** Tests only (NODE_ENV=test): the host a stand-in SNS serves signing certificates from, instead of sns.REGION.amazonaws.com. */
  SNS_TEST_CERT_HOST: optionalString,
  /** Tests only (NODE_ENV=test): a PEM file of the CA that stand-in's HTTPS certificate is trusted through. */
  SNS_TEST_CA_FILE: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  /** First pause of a transport after it throttled us, seconds (decimals allowed); doubles per pause in a row. */
  MAIL_THROTTLE_PAUSE: z.coerce.number().min(0.05).max(3600).default(30),
  /** The longest such pause, seconds. */
  MAIL_THROTTLE_PAUSE_MAX: z.coerce.number().min(0.05).max(86400).default(600),
  /** BullMQ's job lock, seconds (decimals allowed): renewed every half of it while a job runs. */
  MAIL_QUEUE_LOCK: z.coerce.number().min(0.1).max(3600).default(15),
  /** How often every worker looks for jobs whose lock lapsed (a killed worker's), seconds. */
  MAIL_QUEUE_STALLED_INTERVAL: z.coerce.number().min(0.1).max(3600).default(5),
  /** How often one job may stall before BullMQ drops it (the relay then adds it again). */
  MAIL_QUEUE_MAX_STALLED: z.coerce.number().int().min(1).max(1000).default(10),
  /** How often the relay checks the outbox for due rows the queue does not know about, seconds. */
  MAIL_RELAY_INTERVAL: z.coerce.number().min(0.1).max(3600).default(5),
  /** A due row unclaimed this long is given a job by the relay, seconds. */
  MAIL_RELAY_GRACE: z.coerce.number().min(0.1).max(3600).default(10),
  DKIM_DOMAIN: optionalString,
  DKIM_SELECTOR: optionalString,
  DKIM_PRIVATE_KEY_FILE: optionalString,
  MAILBOX: onOff.optional(),
  MAILBOX_HOST: z.string().trim().min(1).default('127.0.0.1'),
  MAILBOX_SMTP_PORT: port.default(1025),
  MAILBOX_POP3_PORT: port.default(1110),
  MAILBOX_IMAP_PORT: port.default(1143),
  /** IMAP autologout after this many idle seconds (RFC 3501 §5.4 asks for at least 30 minutes). */
  MAILBOX_IMAP_TIMEOUT: seconds.default(1800),
  MAILBOX_PASSWORD: optionalString,
  MAILBOX_MAX_MESSAGES: z.coerce.number().int().positive().default(10000),
  MAILBOX_CHAOS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseChaosRules(value ?? '');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  SIGNUP_TOKEN_TTL: seconds.default(86400),
  SIGNUP_CODE_TTL: seconds.default(1800),
  RATE_LIMIT: onOff.default('on'),
  TRUST_PROXY: onOff.default('off'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;
