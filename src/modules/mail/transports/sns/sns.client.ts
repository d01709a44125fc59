import { SNSClient } from '@aws-sdk/client-sns';
import type { AppConfig } from '../../../../config/config';

/** The SNS client for MAIL_TRANSPORT=sns, built here and passed in; one attempt, as for SES. */
export function createSnsClient(config: AppConfig): SNSClient {
  const aws = config.mail.aws;
  return new SNSClient({
    region: aws.region,
    endpoint: aws.snsEndpoint,
    credentials: aws.credentials,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
  });
}
