import type { Readable } from 'node:stream';

/**
 * The dev mailbox's storage port. One message is stored once (its bytes as received) and listed
 * in the mailbox of every envelope recipient (RCPT TO): the envelope, not the To/Cc headers, says
 * who a message was delivered to, so Bcc recipients get it and a forged To header adds nobody.
 *
 * Ids are assigned at commit, strictly increasing and never reused (not even after `clear`), so
 * they double as the IMAP UID of the message in each recipient's mailbox and `after=ID` is exact.
 */

/** What the SMTP layer extracted from the headers at ingest (kept in memory for listing/search). */
export interface MessageSummary {
  /** The From header as text (decoded), or the envelope sender when there is none. */
  from: string;
  /** The To header as text (decoded), for display. */
  toHeader: string;
  subject: string;
  /** The Date header as ISO 8601, or the receive time when missing or unparseable. */
  date: string;
  /** The first bytes of the text body, lower-cased, for `q` search (see docs/mailbox.md). */
  snippet: string;
  /**
   * The IMAP ENVELOPE (RFC 3501 §7.4.2) as it goes on the wire, rendered once at ingest (bytes as
   * Latin-1 characters, since it may hold literals); absent for messages stored before it existed
   * or too large to summarise in memory, which IMAP then parses on demand.
   */
  envelope?: string;
  /** The SMTP client's address and EHLO name, for the SPF check shown in the inbox. */
  clientAddress?: string;
  helo?: string;
}

export interface MessageMeta extends MessageSummary {
  id: number;
  /** Envelope MAIL FROM ('' for the null sender). */
  sender: string;
  /** Envelope recipients, lower-cased and de-duplicated: the mailboxes holding this message. */
  recipients: string[];
  /** When it was committed, ISO 8601. */
  receivedAt: string;
  /** Bytes as received. */
  size: number;
}

/** IMAP system flags kept per recipient mailbox (POP3 uses \Deleted). */
export type MailboxFlag = '\\Seen' | '\\Deleted' | '\\Flagged' | '\\Answered' | '\\Draft';

/**
 * A message body being received: bounded in memory, spilled to a spool file beyond a threshold, so
 * a large message never sits whole in RAM. Bytes past `maxBytes` are counted but not kept.
 */
export interface IncomingBody {
  write(chunk: Buffer): Promise<void>;
  /** Bytes received so far (including any past the limit). */
  readonly received: number;
  readonly overflowed: boolean;
  /** A fresh stream over the bytes kept so far. */
  open(): Readable;
  /** The whole body when it is still in memory (not spooled), so it can be parsed without a stream. */
  inMemory?(): Buffer | undefined;
  /** Frees memory and the spool file; safe to call twice. */
  discard(): Promise<void>;
}

export interface NewMessage {
  sender: string;
  recipients: string[];
  summary: MessageSummary;
  body: IncomingBody;
}

export interface ListFilter {
  /** Only messages in this recipient's mailbox (case-insensitive). */
  recipient?: string;
  /** Only ids greater than this. */
  after?: number;
  /** Keep messages for which this returns true. */
  where?: (m: MessageMeta) => boolean;
  limit: number;
  order: 'newest' | 'oldest';
}

export interface MailboxStore {
  /** Fixed for the life of the store directory (IMAP UIDVALIDITY). */
  readonly uidValidity: number;
  /** The id the next message will get (IMAP UIDNEXT). */
  readonly nextId: number;
  /** A body sink for one incoming message. */
  createBody(maxBytes: number): IncomingBody;
  /** Resolves once the message is durable (fsync'd); then listeners are told. Consumes the body. */
  append(message: NewMessage): Promise<MessageMeta>;
  get(id: number): MessageMeta | undefined;
  list(filter: ListFilter): MessageMeta[];
  /** The whole message as received. Throws if the id is unknown. */
  readRaw(id: number): Promise<Buffer>;
  /** Flags of a message in one recipient's mailbox. */
  flags(recipient: string, id: number): ReadonlySet<MailboxFlag>;
  setFlags(recipient: string, id: number, flags: readonly MailboxFlag[]): Promise<void>;
  /**
   * IMAP `\Recent` (RFC 3501 §2.3.2): the highest id some session has claimed in a recipient's
   * mailbox; ids above it are recent to the next session that selects it. Kept across restarts.
   */
  recentHorizon(recipient: string): number;
  /**
   * Raises the horizon to `id` at once, so no other session can claim the same messages, and
   * records it in the next group commit (one index line per claim, never one per FETCH). Resolves
   * once that line is durable; a crash before then can show those messages as recent once more.
   */
  claimRecent(recipient: string, id: number): Promise<void>;
  /** Removes a message from one recipient's mailbox (IMAP EXPUNGE, POP3 DELE+QUIT). */
  expunge(recipient: string, id: number): Promise<void>;
  /** Removes a message from every mailbox; false if it did not exist. */
  remove(id: number): Promise<boolean>;
  /** Removes everything; ids keep increasing. */
  clear(): Promise<void>;
  /** Called after each message is durable, in id order. Returns the unsubscribe function. */
  onAppend(listener: (message: MessageMeta) => void): () => void;
  close(): Promise<void>;
}

export const MAILBOX_STORE = Symbol('MailboxStore');

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}
