/**
 * RFC 3501 `\Recent`: a message is recent in exactly one session, the first to select its
 * mailbox read-write after it arrived (§2.3.2). The ledger keeps, per mailbox, the highest UID
 * some session has claimed; UIDs above it are recent to the next SELECT, which claims them.
 * EXAMINE sees the same messages as recent but claims nothing. Kept in memory for the life of
 * the IMAP server: after a restart the first SELECT sees every message as recent again.
 */
export class RecentLedger {
  private readonly claimed = new Map<string, number>();

  /** UIDs above this are recent to the next session that selects the mailbox. */
  horizon(recipient: string): number {
    return this.claimed.get(recipient) ?? 0;
  }

  /** Claims every UID up to `uid` for the calling session; returns the horizon before the claim. */
  claim(recipient: string, uid: number): number {
    const before = this.horizon(recipient);
    if (uid > before) this.claimed.set(recipient, uid);
    return before;
  }
}
