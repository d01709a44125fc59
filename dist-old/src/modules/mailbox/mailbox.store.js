"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAILBOX_STORE = void 0;
exports.normalizeAddress = normalizeAddress;
exports.MAILBOX_STORE = Symbol('MailboxStore');
function normalizeAddress(address) {
    return address.trim().toLowerCase();
}
//# sourceMappingURL=mailbox.store.js.map