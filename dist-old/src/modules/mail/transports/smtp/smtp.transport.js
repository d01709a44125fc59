"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SmtpTransport = void 0;
exports.parseSmtpUrl = parseSmtpUrl;
const nodemailer_smtp_sender_1 = require("../nodemailer/nodemailer-smtp.sender");
/**
 * SMTP_URL → connection settings. `smtps://` is implicit TLS (default port 465); `smtp://` starts in
 * plain text and upgrades with STARTTLS when the server offers it (default port 587). Credentials
 * come from the URL's user info, percent-decoded.
 */
function parseSmtpUrl(value) {
    const url = new URL(value);
    const secure = url.protocol === 'smtps:';
    const user = decodeURIComponent(url.username);
    return {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port ? Number(url.port) : secure ? 465 : 587,
        secure,
        auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
    };
}
/** MAIL_TRANSPORT=smtp: any SMTP relay or provider given by SMTP_URL. */
class SmtpTransport {
    name = 'smtp';
    sender;
    constructor(config) {
        if (!config.mail.smtpUrl)
            throw new Error('SMTP_URL is required when MAIL_TRANSPORT=smtp');
        this.sender = new nodemailer_smtp_sender_1.NodemailerSmtpSender(parseSmtpUrl(config.mail.smtpUrl), config.mail.dkim);
    }
    send(mail) {
        return this.sender.send(mail);
    }
    health() {
        const { host, port } = this.sender.endpoint;
        return { ok: true, detail: `smtp ${host}:${port}` };
    }
    close() {
        return this.sender.close();
    }
}
exports.SmtpTransport = SmtpTransport;
//# sourceMappingURL=smtp.transport.js.map