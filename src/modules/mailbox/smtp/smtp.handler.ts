import type { SecureContext } from 'node:tls';
import type { Logger } from 'pino';

/** One SMTP reply: a code and its text (one line; enhanced status code included by the caller). */
export interface SmtpReply {
  code: number;
  text: string;
}

/** What the client said about the message before its data. */
export interface SmtpEnvelope {
  /** MAIL FROM ('' for the null sender `<>`). */
  mailFrom: string;
  /** RCPT TO, in order, as given. */
  rcptTo: string[];
  /** The name given with EHLO/HELO. */
  helo: string;
  /** The client's IP address (IPv4-mapped IPv6 written as IPv4). */
  remoteAddress: string;
  /** A short id of the connection, for logs. */
  session: string;
}

/**
 * Where one message's body goes while it arrives, in order, with dot-stuffing already undone.
 * `write` may return a promise: the connection then stops reading until it settles, so a slow
 * sink (a spool file) pushes back on the client instead of piling bytes up in memory.
 */
export interface SmtpMessageSink {
  write(piece: Buffer): void | Promise<void>;
  /** The final dot arrived within the size limit: store it and say what to answer, or 'drop'. */
  end(): Promise<SmtpReply | 'drop'>;
  /** The message will not be kept (too big, client gone, RSET during BDAT): free what it holds. */
  abort(): void;
}

/** The application side: protocol-only server, application hooks (the smtp-server way). */
export interface SmtpHandler {
  /** Called when DATA (or the first BDAT) starts a message body. */
  openMessage(envelope: SmtpEnvelope): SmtpMessageSink;
}

export interface SmtpServerOptions {
  handler: SmtpHandler;
  /** The name in the greeting and the EHLO answer. */
  name: string;
  /** Advertised with SIZE; a bigger message is answered 552 and nothing of it is kept. */
  maxMessageBytes: number;
  /** Accepts STARTTLS with this certificate when set (see SmtpSession for why it is not advertised). */
  secureContext?: () => Promise<SecureContext | undefined>;
  log?: Logger;
  /** An idle or half-open connection is answered 421 and closed after this long. */
  idleTimeoutMs?: number;
  /** Longest command line, CRLF included (RFC 5321 §4.5.3.1.4 says 512; AUTH lines run longer). */
  maxLineBytes?: number;
  /** RCPT TO beyond this in one transaction are answered 452 (RFC 5321 §4.5.3.1.8: at least 100). */
  maxRecipients?: number;
  /** Unknown or failing commands before the server hangs up with 421. */
  maxBadCommands?: number;
  /** Connections beyond this are answered 421 at once (bounds memory and descriptors). */
  maxClients?: number;
  /** On close, sessions still busy after this are cut. */
  closeTimeoutMs?: number;
}

export type SmtpSettings = Required<Omit<SmtpServerOptions, 'secureContext' | 'log'>> &
  Pick<SmtpServerOptions, 'secureContext' | 'log'>;
