"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.NodemailerSmtpSender = void 0;
const nodemailer_1 = __importDefault(require("nodemailer"));
const nodemailer_message_1 = require("./nodemailer-message");
const smtp_error_classifier_1 = require("./smtp-error.classifier");
/** Sends in flight at most; the same bound as the worker's, so a connection is ready for each. */
const MAX_CONNECTIONS = 8;
/**
 * The one place that speaks SMTP through nodemailer, shared by the `smtp` and `mailbox` transports.
 * Pooled: a burst of signups reuses a few authenticated sessions instead of a handshake each.
 * Timeouts are bounded so a silent server cannot hold a message past the worker's lease.
 */
class NodemailerSmtpSender {
    endpoint;
    classify;
    transporter;
    constructor(endpoint, dkim, 
    /** How failures become TransportErrors; a provider with its own quirks (Gmail) wraps the SMTP one. */
    classify = smtp_error_classifier_1.classifySmtpError) {
        this.endpoint = endpoint;
        this.classify = classify;
        this.transporter = nodemailer_1.default.createTransport({
            pool: true,
            maxConnections: MAX_CONNECTIONS,
            maxMessages: 100,
            host: endpoint.host,
            port: endpoint.port,
            secure: endpoint.secure,
            // Without implicit TLS nodemailer upgrades with STARTTLS whenever the server offers it
            // (opportunistic), verifying the certificate; `ignoreTLS` turns that off for the dev mailbox.
            ignoreTLS: endpoint.ignoreTLS ?? false,
            auth: endpoint.auth,
            connectionTimeout: 10_000,
            greetingTimeout: 10_000,
            socketTimeout: 30_000,
            dkim: dkim && { domainName: dkim.domain, keySelector: dkim.selector, privateKey: dkim.privateKey },
        });
    }
    async send(mail) {
        try {
            const info = await this.transporter.sendMail((0, nodemailer_message_1.toNodemailerMessage)(mail));
            const accepted = info.accepted.map((a) => typeof a === 'string' ? a : a.address);
            return { accepted, response: String(info.response ?? '') };
        }
        catch (err) {
            throw this.classify(err);
        }
    }
    /** nodemailer's 'token' event: an OAuth2 access token was refreshed (never logged). */
    onToken(listener) {
        this.transporter.on('token', listener);
    }
    close() {
        this.transporter.close();
        return Promise.resolve();
    }
}
exports.NodemailerSmtpSender = NodemailerSmtpSender;
//# sourceMappingURL=nodemailer-smtp.sender.js.map