import type { MailboxStore } from '../mailbox.store';
import type { Out } from './imap.format';
import type { CommandChunks, Token } from './imap.parser';
import type { MailboxView } from './mailbox-view';
import type { MimeCache } from './mime-cache';
import type { RecentLedger } from './recent-ledger';

export type ImapState = 'not-authenticated' | 'authenticated' | 'selected';

/** What a command sees of its connection. */
export interface ImapContext {
  readonly tag: string;
  /** The command came as `UID <name>`: sets and answers are in UIDs. */
  readonly byUid: boolean;
  readonly store: MailboxStore;
  readonly mime: MimeCache;
  readonly recent: RecentLedger;
  readonly password: string;
  readonly state: ImapState;
  readonly user?: string;
  readonly mailbox?: MailboxView;
  readonly secure: boolean;
  readonly tlsAvailable: boolean;
  /** Writes one response line (pieces may carry literals); CRLF is added. Waits for the socket to drain. */
  send(...pieces: Out[]): Promise<void>;
  ok(text: string): Promise<void>;
  no(text: string): Promise<void>;
  bad(text: string): Promise<void>;
  login(user: string): void;
  select(mailbox: MailboxView | undefined): void;
  /** Reports other sessions' changes (untagged EXPUNGE/EXISTS) for the selected mailbox. */
  reportChanges(options?: { expunges: boolean }): Promise<void>;
  /** The next line the client sends, bypassing command dispatch (IDLE's DONE, SASL responses). */
  nextLine(): Promise<CommandChunks>;
  startTls(): Promise<void>;
  /** Ends the session after the current response. */
  logout(): void;
  /** Counts a failed login; the connection is dropped after too many. */
  failedLogin(): void;
}

export interface ImapCommand {
  readonly name: string;
  /** States in which the command is allowed. */
  readonly states: readonly ImapState[];
  /** May be prefixed by UID. */
  readonly uid?: boolean;
  run(ctx: ImapContext, args: Token[]): Promise<void>;
}

export const ANY_STATE: readonly ImapState[] = ['not-authenticated', 'authenticated', 'selected'];
export const AUTHENTICATED: readonly ImapState[] = ['authenticated', 'selected'];
export const SELECTED: readonly ImapState[] = ['selected'];

export function capabilities(ctx: Pick<ImapContext, 'state' | 'secure' | 'tlsAvailable'>): string {
  const caps = ['IMAP4rev1', 'LITERAL+', 'SASL-IR', 'IDLE', 'UIDPLUS', 'AUTH=PLAIN'];
  if (ctx.state === 'not-authenticated' && ctx.tlsAvailable && !ctx.secure) caps.push('STARTTLS');
  return caps.join(' ');
}
