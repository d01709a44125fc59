import type { MailboxFlag, MailboxStore } from '../mailbox.store';
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
}

/**
 * One session's view of a selected mailbox: the UIDs in sequence-number order as this client
 * last heard them. IMAP forbids renumbering behind a client's back, so changes made elsewhere
 * (another session's EXPUNGE, a REST delete, retention, new mail) are folded in only at
 * `refresh()`, whose result the caller reports as untagged EXPUNGE/EXISTS.
 */
export class MailboxView {
  private uids: number[];

  constructor(
    private readonly store: MailboxStore,
    readonly recipient: string,
    readonly readOnly: boolean,
  ) {
    this.uids = this.current();
  }

  get exists(): number {
    return this.uids.length;
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
    return i + 1;
  }

  refresh(): Changes {
    const now = this.current();
    const present = new Set(now);
    const expunged: number[] = [];
    // From the end, so each reported number is still right when the client applies it in order.
    for (let i = this.uids.length - 1; i >= 0; i--) {
      if (!present.has(this.uids[i])) {
        expunged.push(i + 1);
        this.uids.splice(i, 1);
      }
    }
    const last = this.maxUid;
    const before = this.uids.length;
    for (const uid of now) if (uid > last) this.uids.push(uid);
    return { expunged, exists: this.uids.length !== before ? this.uids.length : undefined };
  }

  private current(): number[] {
    return this.store
      .list({ recipient: this.recipient, limit: Number.MAX_SAFE_INTEGER, order: 'oldest' })
      .map((m) => m.id);
  }
}
