import { createLogger } from '../common/logging/logger';
import { type AppConfig, loadConfig } from '../config/config';
import type { MailTransport } from '../modules/mail/transports/mail-transport.port';
import { FileDeliveryLedger } from '../modules/mail/transports/sns/file.delivery-ledger';
import {
  type BatchResponse,
  type ConsumerDeps,
  processSnsEvent,
  type SnsEvent,
} from '../modules/mail/transports/sns/sns-mail.consumer';
import { createTransport } from '../modules/mail/transports/transport.registry';

/**
 * AWS Lambda entry point for the seed's "app publishes to SNS, a Lambda sends the mail": no Nest, no
 * database, no HTTP. Settings come from the function's environment through the same config schema as
 * the service; MAIL_TRANSPORT picks the sending transport through the same registry (`smtp`, `gmail`,
 * `gmail-api` or `ses`; DATA_DIR must be writable, e.g. /tmp/mailgate).
 *
 * SNS invokes Lambda asynchronously and ignores the return value: only a thrown error makes Lambda
 * retry the event (twice, then its on-failure destination). So when a record failed retryably this
 * throws, after handling every record; copies already sent are skipped on the retry by Message-ID.
 */
export class RetryableMailFailures extends Error {
  override name = 'RetryableMailFailures';
  constructor(readonly response: BatchResponse) {
    super(`${response.batchItemFailures.length} mail(s) failed retryably; Lambda will retry the event`);
  }
}

/** Builds what the handler needs from a config: the transport and the ledger. */
export function createConsumer(config: AppConfig): ConsumerDeps {
  if (config.mail.transport === 'sns' || config.mail.transport === 'mailbox')
    throw new Error(
      `MAIL_TRANSPORT=${config.mail.transport} cannot deliver from the Lambda: use smtp, gmail, gmail-api or ses`,
    );
  const transport: MailTransport = createTransport({ config });
  return {
    transport,
    ledger: new FileDeliveryLedger(config.dataDir),
    log: createLogger(config.logLevel),
  };
}

// Built on the first invocation and kept for the container's life (warm starts reuse pooled
// connections, the refreshed Gmail token and the ledger).
let consumer: ConsumerDeps | undefined;

export async function handler(event: SnsEvent): Promise<BatchResponse> {
  consumer ??= createConsumer(loadConfig());
  const response = await processSnsEvent(event, consumer);
  if (response.batchItemFailures.length > 0) throw new RetryableMailFailures(response);
  return response;
}

/** Closes the cached transport's connections (a runtime shutdown hook, and tests). */
export async function shutdown(): Promise<void> {
  const current = consumer;
  consumer = undefined;
  await current?.transport.close();
}
