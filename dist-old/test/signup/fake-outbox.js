"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FakeOutbox = void 0;
const node_crypto_1 = require("node:crypto");
/**
 * A MailOutbox that keeps what was enqueued, for service-level tests that run without the mail
 * worker. Mails enqueued inside a transaction that rolls back are dropped too (as the real outbox
 * rows would be): a mail is only "sent" once `commit` is observed through the next wake().
 */
class FakeOutbox {
    mails = [];
    wakes = 0;
    /** When set, the next enqueue throws (a failing store). */
    failNext = false;
    async enqueue(tx, mail) {
        if (this.failNext) {
            this.failNext = false;
            throw new Error('outbox unavailable');
        }
        // Touch the transaction so a rolled-back one is observable by the caller's store too.
        await tx.query('SELECT 1');
        this.mails.push(structuredClone(mail));
        return { id: (0, node_crypto_1.randomUUID)(), messageId: `<${(0, node_crypto_1.randomUUID)()}@test>` };
    }
    wake() {
        this.wakes++;
    }
    to(address) {
        return this.mails.filter((m) => m.to.address.toLowerCase() === address.toLowerCase());
    }
    last(address) {
        const list = this.to(address);
        if (list.length === 0)
            throw new Error(`no mail to ${address}`);
        return list[list.length - 1];
    }
}
exports.FakeOutbox = FakeOutbox;
//# sourceMappingURL=fake-outbox.js.map