import type { Logger } from 'pino';
import { type MailTransport, type OutgoingMail, TransportError } from '../mail-transport.port';
import type { DeliveryLedger } from './delivery-ledger.port';
import { fromSnsMessage } from './sns-mail.message';

/** The Lambda event SNS sends (AWS Lambda docs, "Using Lambda with Amazon SNS"); the fields we read. */
export interface SnsEvent {
  Records: SnsEventRecord[];
}

export interface SnsEventRecord {
  EventSource: string;
  EventVersion?: string;
  EventSubscriptionArn?: string;
  Sns: {
    Type: string;
    MessageId: string;
    TopicArn?: string;
    Subject?: string | null;
    Message: string;
    Timestamp?: string;
    SignatureVersion?: string;
    Signature?: string;
    SigningCertUrl?: string;
    UnsubscribeUrl?: string;
    MessageAttributes?: Record<string, unknown>;
  };
}

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface ConsumerDeps {
  transport: MailTransport;
  ledger: DeliveryLedger;
  log: Logger;
}

/**
 * Sends each mail in an SNS event through the configured transport, once per Message-ID: SNS and
 * Lambda both deliver at least once, so a copy of a delivered message is acknowledged and skipped.
 * Retryable failures are returned as `batchItemFailures` (keyed by the SNS MessageId); a permanent
 * failure or a message that is not ours is logged and dropped (retrying cannot fix it).
 * Logs carry ids and outcomes only: the message holds rendered links and codes.
 */
export async function processSnsEvent(event: SnsEvent, deps: ConsumerDeps): Promise<BatchResponse> {
  const failures: BatchResponse['batchItemFailures'] = [];
  // One at a time: an event rarely holds more than one record, and two copies of one message in the
  // same event must see each other's claim.
  for (const record of event.Records ?? []) {
    const outcome = await processRecord(record, deps);
    if (outcome === 'retry') failures.push({ itemIdentifier: record.Sns?.MessageId ?? '' });
  }
  return { batchItemFailures: failures };
}

async function processRecord(
  record: SnsEventRecord,
  { transport, ledger, log }: ConsumerDeps,
): Promise<'done' | 'retry'> {
  const snsMessageId = record.Sns?.MessageId;
  if (record.EventSource !== 'aws:sns' || record.Sns?.Type !== 'Notification') {
    log.warn({ snsMessageId, eventSource: record.EventSource }, 'sns mail: not an SNS notification, skipped');
    return 'done';
  }
  let mail: OutgoingMail;
  try {
    mail = fromSnsMessage(record.Sns.Message);
  } catch {
    log.error({ snsMessageId }, 'sns mail: the message is not a mailgate mail, dropped');
    return 'done';
  }
  const messageId = mail.messageId;
  const claim = await ledger.claim(messageId);
  if (claim === 'delivered') {
    log.info({ snsMessageId, messageId, outcome: 'duplicate' }, 'sns mail: already delivered, skipped');
    return 'done';
  }
  if (claim === 'in-flight') {
    log.info(
      { snsMessageId, messageId, outcome: 'in-flight' },
      'sns mail: being delivered elsewhere, retry later',
    );
    return 'retry';
  }
  try {
    await transport.send(mail);
  } catch (err) {
    await ledger.release(messageId);
    const failure =
      err instanceof TransportError ? err : new TransportError('retryable', 'unexpected transport error');
    const retry = failure.kind !== 'permanent';
    log.warn(
      {
        snsMessageId,
        messageId,
        transport: transport.name,
        outcome: retry ? 'retry' : 'failed',
        error: failure.message,
      },
      'sns mail delivery',
    );
    return retry ? 'retry' : 'done';
  }
  await ledger.delivered(messageId);
  log.info({ snsMessageId, messageId, transport: transport.name, outcome: 'sent' }, 'sns mail delivery');
  return 'done';
}
