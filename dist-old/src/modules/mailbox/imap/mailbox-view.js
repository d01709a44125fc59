"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailboxView = exports.SYSTEM_FLAGS = void 0;
const sequence_set_1 = require("./sequence-set");
exports.SYSTEM_FLAGS = [
    '\\Answered',
    '\\Flagged',
    '\\Deleted',
    '\\Seen',
    '\\Draft',
];
/**
 * One session's view of a selected mailbox: the UIDs in sequence-number order as this client
 * last heard them. IMAP forbids renumbering behind a client's back, so changes made elsewhere
 * (another session's EXPUNGE, a REST delete, retention, new mail) are folded in only at
 * `refresh()`, whose result the caller reports as untagged EXPUNGE/EXISTS.
 */
class MailboxView {
    store;
    recipient;
    readOnly;
    uids;
    constructor(store, recipient, readOnly) {
        this.store = store;
        this.recipient = recipient;
        this.readOnly = readOnly;
        this.uids = this.current();
    }
    get exists() {
        return this.uids.length;
    }
    get maxUid() {
        return this.uids[this.uids.length - 1] ?? 0;
    }
    uidAt(seq) {
        return this.uids[seq - 1];
    }
    flags(uid) {
        return this.store.flags(this.recipient, uid);
    }
    /** The messages a sequence set names, as sequence numbers or (`byUid`) as UIDs, in order. */
    select(ranges, byUid) {
        const out = [];
        this.uids.forEach((uid, i) => {
            if ((0, sequence_set_1.inSequenceSet)(ranges, byUid ? uid : i + 1))
                out.push({ seq: i + 1, uid });
        });
        return out;
    }
    all() {
        return this.uids.map((uid, i) => ({ seq: i + 1, uid }));
    }
    /** Removes one message this session expunged itself; returns its sequence number. */
    forget(uid) {
        const i = this.uids.indexOf(uid);
        if (i < 0)
            return undefined;
        this.uids.splice(i, 1);
        return i + 1;
    }
    refresh() {
        const now = this.current();
        const present = new Set(now);
        const expunged = [];
        // From the end, so each reported number is still right when the client applies it in order.
        for (let i = this.uids.length - 1; i >= 0; i--) {
            if (!present.has(this.uids[i])) {
                expunged.push(i + 1);
                this.uids.splice(i, 1);
            }
        }
        const last = this.maxUid;
        const before = this.uids.length;
        for (const uid of now)
            if (uid > last)
                this.uids.push(uid);
        return { expunged, exists: this.uids.length !== before ? this.uids.length : undefined };
    }
    current() {
        return this.store
            .list({ recipient: this.recipient, limit: Number.MAX_SAFE_INTEGER, order: 'oldest' })
            .map((m) => m.id);
    }
}
exports.MailboxView = MailboxView;
//# sourceMappingURL=mailbox-view.js.map