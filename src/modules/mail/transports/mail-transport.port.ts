import type { HealthResult } from '../../health/health.port';

/**
 * What a transport sends: a fully rendered message with addresses as objects. Adapters map this to
 * their provider's API; none of them ever builds a header by concatenating strings.
 */
export interface OutgoingMail {
  /** RFC 5322 Message-ID with angle brackets, fixed when the message was queued. */
  messageId: string;
  from: { name?: string; address: string };
  to: { name?: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Files to attach (raw messages from POST /emails); adapters must send them or fail permanently. */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  headers: Record<string, string>;
}

export interface SendResult {
  /** Recipient addresses the provider accepted. */
  accepted: string[];
  /** The provider's final answer (e.g. "250 2.0.0 OK queued as …"), for the attempt log. */
  response: string;
}

/**
 * How the worker should treat a failure. Decided once, inside the adapter that understands the
 * provider's errors: `retryable` (try again with backoff), `throttled` (try again, but slower),
 * `permanent` (never again: bad address, rejected content, bad credentials).
 */
export type TransportErrorKind = 'retryable' | 'permanent' | 'throttled';

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly kind: TransportErrorKind,
    /** Our own description, safe to store and show: never the provider's raw error or a credential. */
    message: string,
  ) {
    super(message);
  }
}

export interface MailTransport {
  /** The MAIL_TRANSPORT value this adapter serves, stored with each message. */
  readonly name: string;
  /** Delivers one message; throws only TransportError. */
  send(mail: OutgoingMail): Promise<SendResult>;
  /** For /health: configuration only, no network call (a /health probe must stay cheap). */
  health(): HealthResult;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('MailTransport');

/**
 * A permanent failure because the recipient's mailbox does not exist (SMTP 550 5.1.1, a provider's
 * hard bounce): the worker also puts the address on the suppression list. Any other permanent
 * failure (policy, content, credentials) leaves the address alone.
 */
export class HardBounceError extends TransportError {
  override name = 'HardBounceError';
  constructor(message: string) {
    super('permanent', message);
  }
}
