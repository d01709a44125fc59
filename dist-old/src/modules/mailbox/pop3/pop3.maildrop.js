"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Pop3Maildrop = void 0;
/**
 * One POP3 session's view of a mailbox (RFC 1939 §4–6): the messages present at login, numbered
 * 1…n for the whole session. Mail arriving later shows up in the next session; DELE only marks,
 * and the marked messages are expunged from this recipient's mailbox when the session QUITs.
 */
class Pop3Maildrop {
    store;
    recipient;
    entries;
    constructor(store, recipient) {
        this.store = store;
        this.recipient = recipient;
        this.entries = store
            .list({ recipient, limit: Number.MAX_SAFE_INTEGER, order: 'oldest' })
            .map((m) => ({ id: m.id, size: m.size, deleted: false }));
    }
    /** The live (not DELE'd) message with this 1-based number. */
    message(n) {
        const entry = this.entries[n - 1];
        return entry && !entry.deleted ? entry : undefined;
    }
    /** Whether a number names a message of the snapshot that is marked deleted. */
    isDeleted(n) {
        return this.entries[n - 1]?.deleted === true;
    }
    /** [number, entry] of every live message, in order. */
    live() {
        const out = [];
        this.entries.forEach((e, i) => {
            if (!e.deleted)
                out.push({ n: i + 1, id: e.id, size: e.size });
        });
        return out;
    }
    /** The unique-id of UIDL: stable across sessions, never reused (store ids never are). */
    uid(id) {
        return `${this.store.uidValidity}.${id}`;
    }
    markDeleted(n) {
        const entry = this.entries[n - 1];
        if (!entry || entry.deleted)
            return false;
        entry.deleted = true;
        return true;
    }
    reset() {
        for (const e of this.entries)
            e.deleted = false;
    }
    read(id) {
        return this.store.readRaw(id);
    }
    /** UPDATE state: removes the marked messages from this mailbox; resolves to how many failed. */
    async commit() {
        let failed = 0;
        for (const e of this.entries) {
            if (!e.deleted)
                continue;
            // Already gone (REST delete, retention) is what we wanted anyway.
            if (!this.store.get(e.id))
                continue;
            await this.store.expunge(this.recipient, e.id).catch(() => failed++);
        }
        return failed;
    }
}
exports.Pop3Maildrop = Pop3Maildrop;
//# sourceMappingURL=pop3.maildrop.js.map