import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema, type Env, type TransportName } from './config.schema';
import { loadDevSecrets } from './dev-secrets';
import type { ChaosRule } from './mailbox-chaos';
import { deriveKeys, type DerivedKeys } from './keys';

/** Thrown at boot; its message is the one line printed before the process exits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export type Profile = 'embedded' | 'distributed';

export interface AppConfig {
  env: Env['NODE_ENV'];
  profile: Profile;
  http: { port: number; host: string; publicUrl: string; trustProxy: boolean };
  dataDir: string;
  databaseUrl?: string;
  /** How long PgDb waits for PostgreSQL to answer a statement before giving up (503), ms. */
  databaseQueryTimeoutMs: number;
  redisUrl?: string;
  /** Prefix of every key the stores write in Redis, so deployments (and tests) can share one. */
  redisKeyPrefix: string;
  /** HKDF children of JWT_SECRET: one key per purpose so no key is used for two things. */
  keys: DerivedKeys;
  apiKeys: string[];
  /** True when API_KEYS was generated for this development run (and should be printed). */
  apiKeyGenerated: boolean;
  mail: {
    from: string;
    transport: TransportName;
    smtpUrl?: string;
    gmail: {
      user?: string;
      clientId?: string;
      clientSecret?: string;
      refreshToken?: string;
      accessToken?: string;
      expires?: number;
      /** Token endpoint; Google's when unset. */
      accessUrl?: string;
      /** Where the `gmail` transport speaks SMTP (smtps://smtp.gmail.com:465 unless overridden). */
      smtpUrl: string;
      /** Base of the Gmail REST API for `gmail-api` (https://gmail.googleapis.com unless overridden). */
      apiUrl: string;
    };
    aws: {
      region?: string;
      sesEndpoint?: string;
      snsTopicArn?: string;
      snsEndpoint?: string;
      /** Explicit keys; when unset the AWS SDK's default credential chain applies (env, profile, role). */
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };
    dkim?: { domain: string; selector: string; privateKey: string };
    /** SES bounce/complaint notifications through SNS (POST /emails/events/sns). */
    sesEvents: {
      /** Accepted topics; empty = the route is off. */
      topicArns: string[];
      /** Tests only: a local stand-in for SNS's certificate host and the CA its HTTPS uses. */
      testStandIn?: { certHost?: string; ca?: string };
    };
    /** How long the worker pauses a transport that throttled it (docs/mail.md, "Throttling"), ms. */
    throttlePause: { baseMs: number; maxMs: number };
    /**
     * The distributed queue's timings (docs/mail.md, "The distributed queue"), ms: BullMQ's job lock
     * and stalled check, and the outbox relay's pass interval and grace.
     */
    queue: {
      lockMs: number;
      stalledIntervalMs: number;
      maxStalledCount: number;
      relayIntervalMs: number;
      relayGraceMs: number;
    };
  };
  mailbox: {
    enabled: boolean;
    host: string;
    smtpPort: number;
    pop3Port: number;
    imapPort: number;
    /** IMAP idle autologout, ms. */
    imapTimeoutMs: number;
    password: string;
    maxMessages: number;
    /** MAILBOX_CHAOS: faults injected into the mailbox's SMTP replies (none by default). */
    chaos: ChaosRule[];
  };
  signup: { tokenTtlSeconds: number; codeTtlSeconds: number };
  rateLimit: boolean;
  logLevel: Env['LOG_LEVEL'];
}

/** Treat blank variables as unset, the way dotenv users expect `FOO=` to behave. */
function withoutBlanks(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(withoutBlanks(source));
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const got = source[variable];
    const shown =
      got === undefined ? '' : ` (got ${JSON.stringify(got.length > 40 ? got.slice(0, 40) + '…' : got)})`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  return result.data;
}

function requireIn(env: Env, variable: keyof Env, why: string): void {
  if (env[variable] === undefined) throw new ConfigError(variable, `is required ${why}`);
}

function checkTransport(env: Env, transport: TransportName): void {
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

function readAwsKeys(env: Env): AppConfig['mail']['aws']['credentials'] {
  if (env.AWS_ACCESS_KEY_ID === undefined && env.AWS_SECRET_ACCESS_KEY === undefined) return undefined;
  requireIn(env, 'AWS_ACCESS_KEY_ID', 'when AWS_SECRET_ACCESS_KEY is set');
  requireIn(env, 'AWS_SECRET_ACCESS_KEY', 'when AWS_ACCESS_KEY_ID is set');
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID as string,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
  };
}

function readDkim(env: Env): AppConfig['mail']['dkim'] {
  const set = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY_FILE].filter((v) => v !== undefined);
  if (set.length === 0) return undefined;
  requireIn(env, 'DKIM_DOMAIN', 'when any DKIM_* is set');
  requireIn(env, 'DKIM_SELECTOR', 'when any DKIM_* is set');
  requireIn(env, 'DKIM_PRIVATE_KEY_FILE', 'when any DKIM_* is set');
  try {
    const privateKey = readFileSync(env.DKIM_PRIVATE_KEY_FILE as string, 'utf8');
    return { domain: env.DKIM_DOMAIN as string, selector: env.DKIM_SELECTOR as string, privateKey };
  } catch (err) {
    throw new ConfigError('DKIM_PRIVATE_KEY_FILE', `cannot be read: ${(err as Error).message}`);
  }
}

function readSesEvents(env: Env): AppConfig['mail']['sesEvents'] {
  const topicArns = env.SES_NOTIFICATIONS_TOPIC_ARN?.split(',').map((a) => a.trim()) ?? [];
  const certHost = env.SNS_TEST_CERT_HOST;
  const caFile = env.SNS_TEST_CA_FILE;
  if (certHost === undefined && caFile === undefined) return { topicArns };
  // Trusting another host for SNS signing certificates would let anyone sign bounces: never outside tests.
  if (env.NODE_ENV !== 'test')
    throw new ConfigError(
      certHost === undefined ? 'SNS_TEST_CA_FILE' : 'SNS_TEST_CERT_HOST',
      'is for tests only and needs NODE_ENV=test',
    );
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new ConfigError('SNS_TEST_CA_FILE', `cannot be read: ${(err as Error).message}`);
    }
  }
  return { topicArns, testStandIn: { certHost, ca } };
}

function readQueueTimings(env: Env): AppConfig['mail']['queue'] {
  // The lock is renewed at half its length; a stalled check rarer than the lock lets a killed
  // worker's jobs wait longer than needed, but is not wrong. A grace shorter than a relay pass is.
  if (env.MAIL_RELAY_GRACE < env.MAIL_RELAY_INTERVAL)
    throw new ConfigError('MAIL_RELAY_GRACE', 'must be at least MAIL_RELAY_INTERVAL');
  return {
    lockMs: Math.round(env.MAIL_QUEUE_LOCK * 1000),
    stalledIntervalMs: Math.round(env.MAIL_QUEUE_STALLED_INTERVAL * 1000),
    maxStalledCount: env.MAIL_QUEUE_MAX_STALLED,
    relayIntervalMs: Math.round(env.MAIL_RELAY_INTERVAL * 1000),
    relayGraceMs: Math.round(env.MAIL_RELAY_GRACE * 1000),
  };
}

function readThrottlePause(env: Env): AppConfig['mail']['throttlePause'] {
  if (env.MAIL_THROTTLE_PAUSE_MAX < env.MAIL_THROTTLE_PAUSE)
    throw new ConfigError('MAIL_THROTTLE_PAUSE_MAX', 'must be at least MAIL_THROTTLE_PAUSE');
  return {
    baseMs: Math.round(env.MAIL_THROTTLE_PAUSE * 1000),
    maxMs: Math.round(env.MAIL_THROTTLE_PAUSE_MAX * 1000),
  };
}

/**
 * Parses and checks the environment once. Production refuses the development conveniences
 * (generated secrets, the dev mailbox as the only destination) so a misconfigured deploy fails
 * at boot rather than mailing links nobody receives.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(source);
  const production = env.NODE_ENV === 'production';
  if ((env.DATABASE_URL === undefined) !== (env.REDIS_URL === undefined)) {
    const missing = env.DATABASE_URL === undefined ? 'DATABASE_URL' : 'REDIS_URL';
    throw new ConfigError(
      missing,
      'is required too: the distributed profile needs both DATABASE_URL and REDIS_URL',
    );
  }
  if (production) {
    requireIn(env, 'JWT_SECRET', 'when NODE_ENV=production');
    requireIn(env, 'API_KEYS', 'when NODE_ENV=production');
    requireIn(env, 'MAIL_TRANSPORT', 'when NODE_ENV=production');
    if (env.MAILBOX === 'on') throw new ConfigError('MAILBOX', 'must be off when NODE_ENV=production');
  }
  const transport = env.MAIL_TRANSPORT ?? 'mailbox';
  checkTransport(env, transport);
  const mailboxEnabled = (env.MAILBOX ?? (production ? 'off' : 'on')) === 'on';
  if (transport === 'mailbox' && !mailboxEnabled)
    throw new ConfigError(
      'MAIL_TRANSPORT',
      'is "mailbox" but MAILBOX is off: set MAIL_TRANSPORT to a real transport',
    );

  const dataDir = path.resolve(env.DATA_DIR);
  const dev = production ? undefined : loadDevSecrets(dataDir);
  const jwtSecret = env.JWT_SECRET ?? (dev as NonNullable<typeof dev>).jwtSecret;
  const apiKeys = env.API_KEYS?.split(',').map((k) => k.trim()) ?? [(dev as NonNullable<typeof dev>).apiKey];

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
    databaseQueryTimeoutMs: Math.round(env.DATABASE_QUERY_TIMEOUT * 1000),
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    keys: deriveKeys(jwtSecret),
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
      sesEvents: readSesEvents(env),
      throttlePause: readThrottlePause(env),
      queue: readQueueTimings(env),
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
