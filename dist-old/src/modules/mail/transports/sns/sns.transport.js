"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SnsTransport = void 0;
const client_sns_1 = require("@aws-sdk/client-sns");
const aws_error_classifier_1 = require("../aws/aws-error.classifier");
const mail_transport_port_1 = require("../mail-transport.port");
const sns_mail_message_1 = require("./sns-mail.message");
/** SNS refuses messages over 256 KiB. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const PERMANENT = new Set([
    'InvalidParameterException',
    'InvalidParameterValueException',
    'ValidationException',
]);
const CONFIGURATION = new Set(['NotFoundException', 'KMSAccessDeniedException', 'KMSDisabledException']);
/**
 * MAIL_TRANSPORT=sns, the seed's "publish, and a Lambda sends": the fully rendered message (our
 * Message-ID included, the consumer's idempotency key) published as JSON to SNS_TOPIC_ARN. "Sent" here
 * means SNS accepted it; delivery is the consumer's (src/lambda/sns-mail.handler.ts).
 */
class SnsTransport {
    client;
    name = 'sns';
    topicArn;
    constructor(config, client) {
        this.client = client;
        if (!config.mail.aws.snsTopicArn)
            throw new Error('SNS_TOPIC_ARN is required when MAIL_TRANSPORT=sns');
        this.topicArn = config.mail.aws.snsTopicArn;
    }
    async send(mail) {
        const message = (0, sns_mail_message_1.toSnsMessage)(mail);
        if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES)
            throw new mail_transport_port_1.TransportError('permanent', 'the message is larger than SNS accepts (256 KiB)');
        try {
            const out = await this.client.send(new client_sns_1.PublishCommand({ TopicArn: this.topicArn, Message: message }));
            return {
                accepted: [mail.to.address],
                response: `SNS accepted, MessageId ${out.MessageId ?? 'unknown'}`,
            };
        }
        catch (err) {
            throw (0, aws_error_classifier_1.classifyAwsError)('SNS', err, PERMANENT, CONFIGURATION);
        }
    }
    health() {
        return { ok: true, detail: `sns ${this.topicArn}` };
    }
    async close() {
        this.client.destroy();
    }
}
exports.SnsTransport = SnsTransport;
//# sourceMappingURL=sns.transport.js.map