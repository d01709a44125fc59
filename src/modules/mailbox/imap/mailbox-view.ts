import type { MailboxFlag, MailboxStore } from '../mailbox.store';
import type { RecentLedger } from './recent-ledger';
import { type SequenceRange, inSequenceSet } from './sequence-set';

export const SYSTEM_FLAGS: readonly MailboxFlag[] = [
  '\\Answered',
  '\\Flagged',
  '\\Deleted',
  '\\Seen',
  '\\Draft',
];

export interface Changes {
  /** Sequence numbers to report as `* n EXPUNGE`, in the order they must be sent. */
  expunged: number[];
  /** The new message count when messages arrived, for `* n EXISTS`. */
  exists?: number;
  /** The new number of \Recent messages when it changed, for `* n RECENT`. */
  recent?: number;
}

/**
 * One session's view of a selected mailbox: the UIDs in sequence-number order as this client
 * last heard them. IMAP forbids renumbering behind a client's back, so changes made elsewhere
 * (another session's EXPUNGE, a REST delete, retention, new mail) are folded in only at
 * `refresh()`, whose result the caller reports as untagged EXPUNGE/EXISTS.
 */
export class MailboxView {
  private uids: number[];
  /** UIDs that are \Recent in this session (see RecentLedger). */
  private readonly recentUids = new Set<number>();

  constructor(
    private readonly store: MailboxStore,
    readonly recipient: string,
    readonly readOnly: boolean,
    private readonly ledger: RecentLedger,
  ) {
    this.uids = this.current();
    this.takeRecent(this.uids);
  }

  get exists(): number {
    return this.uids.length;
  }

  get recent(): number {
    return this.recentUids.size;
  }

  isRecent(uid: number): boolean {
    return this.recentUids.has(uid);
  }

  /** The FLAGS list as a client sees it: the stored flags plus \Recent when it applies. */
  flagList(uid: number): string {
    const flags: string[] = [...this.flags(uid)];
    if (this.recentUids.has(uid)) flags.push('\\Recent');
    return `(${flags.join(' ')})`;
  }

  get maxUid(): number {
    return this.uids[this.uids.length - 1] ?? 0;
  }

  uidAt(seq: number): number | undefined {
    return this.uids[seq - 1];
  }

  flags(uid: number): ReadonlySet<MailboxFlag> {
    return this.store.flags(this.recipient, uid);
  }

  /** The messages a sequence set names, as sequence numbers or (`byUid`) as UIDs, in order. */
  select(ranges: readonly SequenceRange[], byUid: boolean): { seq: number; uid: number }[] {
    const out: { seq: number; uid: number }[] = [];
    this.uids.forEach((uid, i) => {
      if (inSequenceSet(ranges, byUid ? uid : i + 1)) out.push({ seq: i + 1, uid });
    });
    return out;
  }

  all(): { seq: number; uid: number }[] {
    return this.uids.map((uid, i) => ({ seq: i + 1, uid }));
  }

  /** Removes one message this session expunged itself; returns its sequence number. */
  forget(uid: number): number | undefined {
    const i = this.uids.indexOf(uid);
    if (i < 0) return undefined;
    this.uids.splice(i, 1);
    this.recentUids.delete(uid);
    return i + 1;
  }

  refresh(): Changes {
    const now = this.current();
    const present = new Set(now);
    const expunged: number[] = [];
    const recentBefore = this.recentUids.size;
    // From the end, so each reported number is still right when the client applies it in order.
    for (let i = this.uids.length - 1; i >= 0; i--) {
      if (!present.has(this.uids[i])) {
        expunged.push(i + 1);
        this.recentUids.delete(this.uids[i]);
        this.uids.splice(i, 1);
      }
    }
    const last = this.maxUid;
    const before = this.uids.length;
    const arrived = now.filter((uid) => uid > last);
    this.uids.push(...arrived);
    this.takeRecent(arrived);
    return {
      expunged,
      exists: this.uids.length !== before ? this.uids.length : undefined,
      recent: this.recentUids.size !== recentBefore ? this.recentUids.size : undefined,
    };
  }

  /**
   * Messages above the mailbox's recent horizon are recent here. A read-write session claims
   * them, so no other session sees them as recent; a read-only one (EXAMINE) leaves them.
   */
  private takeRecent(uids: readonly number[]): void {
    const newest = uids[uids.length - 1];
    if (newest === undefined) return;
    const horizon = this.readOnly
      ? this.ledger.horizon(this.recipient)
      : this.ledger.claim(this.recipient, newest);
    for (const uid of uids) if (uid > horizon) this.recentUids.add(uid);
  }

  private current(): number[] {
    return this.store
      .list({ recipient: this.recipient, limit: Number.MAX_SAFE_INTEGER, order: 'oldest' })
      .map((m) => m.id);
  }
}
