"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createTransport = createTransport;
const gmail_transport_1 = require("./gmail/gmail.transport");
const gmail_api_transport_1 = require("./gmail-api/gmail-api.transport");
const mailbox_transport_1 = require("./mailbox/mailbox.transport");
const ses_client_1 = require("./ses/ses.client");
const ses_transport_1 = require("./ses/ses.transport");
const smtp_transport_1 = require("./smtp/smtp.transport");
const sns_client_1 = require("./sns/sns.client");
const sns_transport_1 = require("./sns/sns.transport");
/**
 * MAIL_TRANSPORT → adapter. The only place that knows the list; the worker sees a MailTransport.
 * Adding a provider is a folder under transports/ and a line here.
 */
const FACTORIES = {
    mailbox: ({ config, mailbox }) => new mailbox_transport_1.MailboxTransport(config, mailbox),
    smtp: ({ config }) => new smtp_transport_1.SmtpTransport(config),
    gmail: ({ config }) => new gmail_transport_1.GmailTransport(config),
    'gmail-api': ({ config }) => new gmail_api_transport_1.GmailApiTransport(config),
    ses: ({ config }) => new ses_transport_1.SesTransport(config, (0, ses_client_1.createSesClient)(config)),
    sns: ({ config }) => new sns_transport_1.SnsTransport(config, (0, sns_client_1.createSnsClient)(config)),
};
function createTransport(deps) {
    return FACTORIES[deps.config.mail.transport](deps);
}
//# sourceMappingURL=transport.registry.js.map