"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GmailTransport = void 0;
const mail_transport_port_1 = require("../mail-transport.port");
const gmail_token_store_1 = require("../google/gmail-token.store");
const oauth_grant_state_1 = require("../google/oauth-grant.state");
const nodemailer_smtp_sender_1 = require("../nodemailer/nodemailer-smtp.sender");
const smtp_error_classifier_1 = require("../nodemailer/smtp-error.classifier");
const smtp_transport_1 = require("../smtp/smtp.transport");
/**
 * MAIL_TRANSPORT=gmail: Gmail's SMTP server (smtps://smtp.gmail.com:465, or GMAIL_SMTP_URL) with SASL
 * XOAUTH2 and the seed's nodemailer OAuth2 options. nodemailer refreshes the access token itself; each
 * refreshed token is kept in DATA_DIR/gmail-token.json and reused at the next start.
 */
class GmailTransport {
    name = 'gmail';
    grant = new oauth_grant_state_1.OAuthGrantState();
    sender;
    constructor(config) {
        const g = config.mail.gmail;
        if (!g.user || !g.clientId || !g.clientSecret)
            throw new Error('GMAIL_USER, GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET are required when MAIL_TRANSPORT=gmail');
        const tokens = new gmail_token_store_1.GmailTokenStore(config.dataDir, { user: g.user, clientId: g.clientId });
        const start = (0, gmail_token_store_1.initialToken)(g, tokens.load());
        const { host, port, secure } = (0, smtp_transport_1.parseSmtpUrl)(g.smtpUrl);
        this.sender = new nodemailer_smtp_sender_1.NodemailerSmtpSender({
            host,
            port,
            secure,
            auth: {
                type: 'OAuth2',
                user: g.user,
                clientId: g.clientId,
                clientSecret: g.clientSecret,
                refreshToken: g.refreshToken,
                accessToken: start?.accessToken,
                expires: start?.expires || undefined,
                accessUrl: g.accessUrl,
            },
        }, config.mail.dkim, (err) => this.classify(err));
        this.sender.onToken((t) => tokens.save({ accessToken: t.accessToken, expires: t.expires }));
    }
    async send(mail) {
        if (this.grant.isDead)
            throw this.grant.failure();
        return this.sender.send(mail);
    }
    health() {
        const { host, port } = this.sender.endpoint;
        return this.grant.health(`gmail smtp ${host}:${port}`);
    }
    close() {
        return this.sender.close();
    }
    /**
     * Gmail specifics first, then the generic SMTP rules (454 throttled, 4xx retryable, 5xx permanent).
     * A failed token refresh shows up as an AUTH XOAUTH2 failure without an SMTP reply: the token
     * endpoint's own error ("invalid_grant: …") is the message.
     */
    classify(err) {
        const e = (err ?? {});
        if (e.command === 'AUTH XOAUTH2' && e.responseCode === undefined) {
            const oauthError = /^([a-z_]+)(?::|$)/.exec(e.message ?? '')?.[1] ?? '';
            if ((0, oauth_grant_state_1.isDeadGrantError)(oauthError)) {
                this.grant.markDead(oauthError);
                return this.grant.failure();
            }
            const why = e.originalCode && e.originalCode !== 'EOAUTH2' ? e.originalCode : 'no usable answer';
            return new mail_transport_port_1.TransportError('retryable', `could not refresh the Gmail access token: ${why}`);
        }
        // Gmail refused a freshly refreshed token: GMAIL_USER is not the account that consented, or the
        // grant lacks the https://mail.google.com/ scope. Our settings, not this message: held back.
        if (e.command === 'AUTH XOAUTH2' && e.responseCode !== undefined && e.responseCode >= 500)
            return new mail_transport_port_1.TransportError('throttled', `SMTP ${e.responseCode}: Gmail refused the XOAUTH2 login; check GMAIL_USER and the grant's scope`);
        return (0, smtp_error_classifier_1.classifySmtpError)(err);
    }
}
exports.GmailTransport = GmailTransport;
//# sourceMappingURL=gmail.transport.js.map