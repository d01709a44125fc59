import type { Logger } from 'pino';
import type { MailboxStore } from '../mailbox.store';

/**
 * RFC 3501 `\Recent`: a message is recent in exactly one session, the first to select its
 * mailbox read-write after it arrived (§2.3.2). The store keeps, per mailbox, the highest UID
 * some session has claimed (persisted in its index, so a restart does not make old mail recent
 * again); UIDs above it are recent to the next SELECT, which claims them. EXAMINE and STATUS see
 * the same messages as recent but claim nothing.
 */
export class RecentLedger {
  constructor(
    private readonly store: MailboxStore,
    private readonly log: Logger,
  ) {}

  /** UIDs above this are recent to the next session that selects the mailbox. */
  horizon(recipient: string): number {
    return this.store.recentHorizon(recipient);
  }

  /**
   * Claims every UID up to `uid` for the calling session; returns the horizon before the claim.
   * The claim holds in memory at once; its index line is written by the next group commit and is
   * not waited for: if it fails, the only cost is that those messages may be recent once more.
   */
  claim(recipient: string, uid: number): number {
    const before = this.horizon(recipient);
    if (uid > before)
      this.store
        .claimRecent(recipient, uid)
        .catch((err: unknown) => this.log.warn({ err }, 'mailbox imap: \\Recent claim not saved'));
    return before;
  }
}
