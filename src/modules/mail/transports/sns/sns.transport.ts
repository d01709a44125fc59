import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AppConfig } from '../../../../config/config';
import type { HealthResult } from '../../../health/health.port';
import { classifyAwsError } from '../aws/aws-error.classifier';
import {
  type MailTransport,
  type OutgoingMail,
  type SendResult,
  TransportError,
} from '../mail-transport.port';
import { toSnsMessage } from './sns-mail.message';

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
export class SnsTransport implements MailTransport {
  readonly name = 'sns';
  private readonly topicArn: string;

  constructor(
    config: AppConfig,
    private readonly client: SNSClient,
  ) {
    if (!config.mail.aws.snsTopicArn) throw new Error('SNS_TOPIC_ARN is required when MAIL_TRANSPORT=sns');
    this.topicArn = config.mail.aws.snsTopicArn;
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const message = toSnsMessage(mail);
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES)
      throw new TransportError('permanent', 'the message is larger than SNS accepts (256 KiB)');
    try {
      const out = await this.client.send(new PublishCommand({ TopicArn: this.topicArn, Message: message }));
      return {
        accepted: [mail.to.address],
        response: `SNS accepted, MessageId ${out.MessageId ?? 'unknown'}`,
      };
    } catch (err) {
      throw classifyAwsError('SNS', err, PERMANENT, CONFIGURATION);
    }
  }

  health(): HealthResult {
    return { ok: true, detail: `sns ${this.topicArn}` };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
