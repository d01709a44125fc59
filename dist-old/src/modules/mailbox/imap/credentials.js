"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkCredentials = checkCredentials;
const node_crypto_1 = require("node:crypto");
const mailbox_store_1 = require("../mailbox.store");
/**
 * The dev mailbox's login rule (CONTRACT §5): the user name is a recipient address (any case),
 * the password is MAILBOX_PASSWORD. Compared through hashes in constant time so the answer's
 * timing says nothing about how much of the password was right.
 */
function checkCredentials(user, password, expected) {
    const address = (0, mailbox_store_1.normalizeAddress)(user);
    if (!address || address.length > 320 || [...address].some((c) => c.charCodeAt(0) <= 0x20))
        return undefined;
    const digest = (s) => (0, node_crypto_1.createHash)('sha256').update(s, 'utf8').digest();
    return (0, node_crypto_1.timingSafeEqual)(digest(password), digest(expected)) ? address : undefined;
}
//# sourceMappingURL=credentials.js.map