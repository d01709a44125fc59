import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError } from '../../../common/errors/app-error';
import type { AppConfig } from '../../../config/config';
import { CONFIG, LOGGER } from '../../../core/tokens';
import { SUPPRESSION_LIST, type SuppressionList } from '../../mail/mail.port';
import { EmailErrors } from '../emails.errors';
import { readSesNotification } from './ses-notification';
import { type HttpsGet, httpsGet } from './sns-https.client';
import { type SnsMessage, snsMessageSchema } from './sns-message';
import { SnsSignatureVerifier } from './sns-signature.verifier';

/**
 * SES bounce and complaint notifications through an SNS HTTP(S) subscription (docs/mail.md,
 * "SES bounce and complaint notifications"). Nothing is trusted before the topic is one we expect
 * and the signature verifies; then a confirmation is confirmed and a notification feeds the
 * suppression list the worker consults before every send.
 */
@Injectable()
export class SnsEventsService {
  private readonly topics: ReadonlySet<string>;
  private readonly get: HttpsGet;
  private readonly verifier: SnsSignatureVerifier;

  constructor(
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(SUPPRESSION_LIST) private readonly suppressions: SuppressionList,
  ) {
    const { topicArns, testStandIn } = config.mail.sesEvents;
    this.topics = new Set(topicArns);
    this.get = httpsGet(testStandIn?.ca);
    this.verifier = new SnsSignatureVerifier(this.get, testStandIn?.certHost);
  }

  /** `messageType` is the x-amz-sns-message-type header; `body` the JSON as text (or parsed, if sent as JSON). */
  async receive(messageType: string | undefined, body: unknown): Promise<void> {
    if (this.topics.size === 0) throw new AppError(EmailErrors.snsEventsDisabled);
    const m = this.parse(messageType, body);
    // The topic first: a certificate is never fetched on behalf of a topic we do not take.
    if (!this.topics.has(m.TopicArn)) throw new AppError(EmailErrors.snsTopicNotAllowed);
    await this.verifier.verify(m);
    switch (m.Type) {
      case 'SubscriptionConfirmation':
        return this.confirm(m);
      case 'UnsubscribeConfirmation':
        // Not visited: its SubscribeURL would subscribe again, which is the operator's decision.
        this.log.warn(
          { topicArn: m.TopicArn, snsMessageId: m.MessageId },
          'SES notifications: the SNS subscription was removed; bounces and complaints no longer arrive',
        );
        return;
      case 'Notification':
        return this.notification(m);
    }
  }

  private parse(messageType: string | undefined, body: unknown): SnsMessage {
    let json = body;
    if (typeof body === 'string') {
      try {
        json = JSON.parse(body);
      } catch {
        throw new AppError(EmailErrors.snsMessageInvalid);
      }
    }
    const parsed = snsMessageSchema.safeParse(json);
    if (!parsed.success || parsed.data.Type !== messageType)
      throw new AppError(EmailErrors.snsMessageInvalid);
    return parsed.data;
  }

  private async confirm(m: SnsMessage): Promise<void> {
    const url = m.SubscribeURL as string; // present: the signature covered it
    if (!this.verifier.isSnsUrl(url))
      throw new AppError(
        EmailErrors.snsUrlNotAllowed,
        undefined,
        undefined,
        'SubscribeURL must be https on sns.<region>.amazonaws.com.',
      );
    let status: number;
    try {
      status = (await this.get(url)).status;
    } catch {
      status = 0;
    }
    if (status !== 200) {
      this.log.error(
        { topicArn: m.TopicArn, status },
        'SES notifications: confirming the SNS subscription failed',
      );
      throw new AppError(EmailErrors.snsConfirmationFailed);
    }
    this.log.info({ topicArn: m.TopicArn }, 'SES notifications: SNS subscription confirmed');
  }

  private async notification(m: SnsMessage): Promise<void> {
    const verdict = readSesNotification(m.Message);
    if (!verdict) {
      // Signed by SNS for our topic, but not from SES: nothing to do, and no point in a redelivery.
      this.log.warn(
        { topicArn: m.TopicArn, snsMessageId: m.MessageId },
        'SNS notification is not from SES; ignored',
      );
      return;
    }
    // A database error throws: the 500 makes SNS deliver again, and add() keeps existing entries.
    for (const { address, reason } of verdict.suppress) await this.suppressions.add(address, reason, 'ses');
    // Counts only: addresses are personal data and stay out of the logs.
    this.log.info(
      { snsMessageId: m.MessageId, kind: verdict.kind, suppressed: verdict.suppress.length },
      'SES notification',
    );
  }
}
