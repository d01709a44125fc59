"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toNodemailerMessage = toNodemailerMessage;
/**
 * OutgoingMail → nodemailer message options, shared by the SMTP sender and the raw-message composer so
 * every transport encodes names, subjects and headers the same way.
 * Addresses go in as objects: nodemailer encodes the name and no string of ours becomes a header
 * line, so a name like "Eve\r\nBcc: x@evil" cannot add a recipient. The envelope is exactly the one
 * recipient, never derived from headers.
 */
function toNodemailerMessage(mail) {
    return {
        from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
        to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // nodemailer encodes the file name (RFC 2231) and the content (base64) itself.
        attachments: mail.attachments?.map((a) => ({ ...a })),
        messageId: mail.messageId,
        headers: mail.headers,
        envelope: { from: mail.from.address, to: [mail.to.address] },
    };
}
//# sourceMappingURL=nodemailer-message.js.map