import type { MailboxStore } from '../mailbox.store';

interface Entry {
  id: number;
  size: number;
  deleted: boolean;
}

/**
 * One POP3 session's view of a mailbox (RFC 1939 §4–6): the messages present at login, numbered
 * 1…n for the whole session. Mail arriving later shows up in the next session; DELE only marks,
 * and the marked messages are expunged from this recipient's mailbox when the session QUITs.
 */
export class Pop3Maildrop {
  private readonly entries: Entry[];

  constructor(
    private readonly store: MailboxStore,
    readonly recipient: string,
  ) {
    this.entries = store
      .list({ recipient, limit: Number.MAX_SAFE_INTEGER, order: 'oldest' })
      .map((m) => ({ id: m.id, size: m.size, deleted: false }));
  }

  /** The live (not DELE'd) message with this 1-based number. */
  message(n: number): { id: number; size: number } | undefined {
    const entry = this.entries[n - 1];
    return entry && !entry.deleted ? entry : undefined;
  }

  /** Whether a number names a message of the snapshot that is marked deleted. */
  isDeleted(n: number): boolean {
    return this.entries[n - 1]?.deleted === true;
  }

  /** [number, entry] of every live message, in order. */
  live(): { n: number; id: number; size: number }[] {
    const out: { n: number; id: number; size: number }[] = [];
    this.entries.forEach((e, i) => {
      if (!e.deleted) out.push({ n: i + 1, id: e.id, size: e.size });
    });
    return out;
  }

  /** The unique-id of UIDL: stable across sessions, never reused (store ids never are). */
  uid(id: number): string {
    return `${this.store.uidValidity}.${id}`;
  }

  markDeleted(n: number): boolean {
    const entry = this.entries[n - 1];
    if (!entry || entry.deleted) return false;
    entry.deleted = true;
    return true;
  }

  reset(): void {
    for (const e of this.entries) e.deleted = false;
  }

  read(id: number): Promise<Buffer> {
    return this.store.readRaw(id);
  }

  /** UPDATE state: removes the marked messages from this mailbox; resolves to how many failed. */
  async commit(): Promise<number> {
    let failed = 0;
    for (const e of this.entries) {
      if (!e.deleted) continue;
      // Already gone (REST delete, retention) is what we wanted anyway.
      if (!this.store.get(e.id)) continue;
      await this.store.expunge(this.recipient, e.id).catch(() => failed++);
    }
    return failed;
  }
}
