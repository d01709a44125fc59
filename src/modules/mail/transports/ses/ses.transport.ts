import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { AppConfig } from '../../../../config/config';
import type { HealthResult } from '../../../health/health.port';
import { classifyAwsError } from '../aws/aws-error.classifier';
import {
  type MailTransport,
  type OutgoingMail,
  type SendResult,
  TransportError,
} from '../mail-transport.port';
import { RawMessageComposer } from '../nodemailer/raw-message.composer';

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
export class SesTransport implements MailTransport {
  readonly name = 'ses';
  private readonly composer: RawMessageComposer;

  constructor(
    private readonly config: AppConfig,
    private readonly client: SESv2Client,
  ) {
    if (!config.mail.aws.region) throw new Error('AWS_REGION is required when MAIL_TRANSPORT=ses');
    this.composer = new RawMessageComposer(config.mail.dkim);
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const raw = await this.composer.compose(mail);
    try {
      const out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from.address,
          Destination: { ToAddresses: [mail.to.address] },
          Content: { Raw: { Data: raw } },
        }),
      );
      return {
        accepted: [mail.to.address],
        response: `SES accepted, MessageId ${out.MessageId ?? 'unknown'}`,
      };
    } catch (err) {
      if (err instanceof TransportError) throw err;
      throw classifyAwsError('SES', err, PERMANENT);
    }
  }

  health(): HealthResult {
    return { ok: true, detail: `ses ${this.config.mail.aws.region ?? ''}` };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
