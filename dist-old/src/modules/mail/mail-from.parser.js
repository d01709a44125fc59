"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseMailFrom = parseMailFrom;
exports.messageIdDomain = messageIdDomain;
const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;
function parseMailFrom(value) {
    const trimmed = value.trim();
    const angle = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
    const address = (angle ? angle[2] : trimmed).trim();
    if (!ADDRESS.test(address))
        throw new Error(`MAIL_FROM has no usable address: ${JSON.stringify(value)}`);
    const name = angle?.[1].trim().replace(/^"(.*)"$/, '$1');
    return name ? { name, address } : { address };
}
/** The right-hand side of Message-IDs: the sender's domain, so ids are unique to this sender. */
function messageIdDomain(sender) {
    return sender.address.slice(sender.address.lastIndexOf('@') + 1).toLowerCase();
}
//# sourceMappingURL=mail-from.parser.js.map