"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SesTransport = void 0;
const client_sesv2_1 = require("@aws-sdk/client-sesv2");
const aws_error_classifier_1 = require("../aws/aws-error.classifier");
const mail_transport_port_1 = require("../mail-transport.port");
const raw_message_composer_1 = require("../nodemailer/raw-message.composer");
/** SES errors that mean this request will never be accepted as it is. */
const PERMANENT = new Set([
    'MessageRejected',
    'BadRequestException',
    'MailFromDomainNotVerifiedException',
    'NotFoundException',
    'AccountSuspendedException',
    'InvalidParameterValue',
]);
/**
 * MAIL_TRANSPORT=ses: SESv2 SendEmail with `Content.Raw.Data`, the message built by the shared composer
 * so our Message-ID and headers reach the recipient as they are (Simple content would let SES write
 * its own). The destination is set explicitly to the one recipient, like the SMTP envelope.
 */
class SesTransport {
    config;
    client;
    name = 'ses';
    composer;
    constructor(config, client) {
        this.config = config;
        this.client = client;
        if (!config.mail.aws.region)
            throw new Error('AWS_REGION is required when MAIL_TRANSPORT=ses');
        this.composer = new raw_message_composer_1.RawMessageComposer(config.mail.dkim);
    }
    async send(mail) {
        const raw = await this.composer.compose(mail);
        try {
            const out = await this.client.send(new client_sesv2_1.SendEmailCommand({
                FromEmailAddress: mail.from.address,
                Destination: { ToAddresses: [mail.to.address] },
                Content: { Raw: { Data: raw } },
            }));
            return {
                accepted: [mail.to.address],
                response: `SES accepted, MessageId ${out.MessageId ?? 'unknown'}`,
            };
        }
        catch (err) {
            if (err instanceof mail_transport_port_1.TransportError)
                throw err;
            throw (0, aws_error_classifier_1.classifyAwsError)('SES', err, PERMANENT);
        }
    }
    health() {
        return { ok: true, detail: `ses ${this.config.mail.aws.region ?? ''}` };
    }
    async close() {
        this.client.destroy();
    }
}
exports.SesTransport = SesTransport;
//# sourceMappingURL=ses.transport.js.map