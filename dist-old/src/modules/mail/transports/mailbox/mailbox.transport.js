"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MailboxTransport = void 0;
const mail_transport_port_1 = require("../mail-transport.port");
const nodemailer_smtp_sender_1 = require("../nodemailer/nodemailer-smtp.sender");
/**
 * MAIL_TRANSPORT=mailbox (development): a real SMTP session to the built-in dev mailbox, so what a
 * developer reads there went through the same code path as production mail. The mailbox may listen
 * on port 0 in tests, so its address is read at send time and the pool rebuilt if it moved.
 */
class MailboxTransport {
    config;
    mailbox;
    name = 'mailbox';
    sender;
    constructor(config, 
    // Only the SMTP side: the transport delivers, it never reads mail back.
    mailbox) {
        this.config = config;
        this.mailbox = mailbox;
    }
    async send(mail) {
        if (!this.mailbox)
            throw new mail_transport_port_1.TransportError('retryable', 'the dev mailbox is not running (MAILBOX=off?)');
        const { host, port } = this.mailbox.smtpAddress();
        if (!this.sender || this.sender.endpoint.host !== host || this.sender.endpoint.port !== port) {
            await this.sender?.close();
            // Local and development-only: no TLS, no auth.
            this.sender = new nodemailer_smtp_sender_1.NodemailerSmtpSender({ host, port, secure: false, ignoreTLS: true }, this.config.mail.dkim);
        }
        return this.sender.send(mail);
    }
    /**
     * The mailbox reports its own listener under /health ("mailbox"); config already refuses
     * MAIL_TRANSPORT=mailbox with MAILBOX=off. A missing endpoint is then a wiring fault that shows
     * up as retrying messages with the reason above, not as a second failing check.
     */
    health() {
        return { ok: true };
    }
    async close() {
        await this.sender?.close();
    }
}
exports.MailboxTransport = MailboxTransport;
//# sourceMappingURL=mailbox.transport.js.map