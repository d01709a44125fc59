import { defineErrors } from '../../common/errors/app-error';

/** Every code the Email API answers with, besides the common ones (validation, 413, 415). */
export const EmailErrors = defineErrors({
  invalidApiKey: {
    status: 401,
    code: 'invalid_api_key',
    message: 'A valid API key is required: send "Authorization: Bearer <key>".',
  },
  emailNotFound: { status: 404, code: 'email_not_found', message: 'No email with this id.' },
  suppressionNotFound: {
    status: 404,
    code: 'suppression_not_found',
    message: 'This address is not on the suppression list.',
  },
  idempotencyKeyReused: {
    status: 422,
    code: 'idempotency_key_reused',
    message: 'This Idempotency-Key was used with a different request in the last 24 hours.',
  },
  snsMessageInvalid: {
    status: 400,
    code: 'sns_message_invalid',
    message:
      'Not an Amazon SNS message: the body must be its JSON, with x-amz-sns-message-type matching its Type.',
  },
  snsTopicNotAllowed: {
    status: 403,
    code: 'sns_topic_not_allowed',
    message: 'Messages from this SNS topic are not accepted (see SES_NOTIFICATIONS_TOPIC_ARN).',
  },
  snsUrlNotAllowed: {
    status: 403,
    code: 'sns_url_not_allowed',
    message: 'The message points at a URL that is not https on sns.<region>.amazonaws.com.',
  },
  snsSignatureInvalid: {
    status: 403,
    code: 'sns_signature_invalid',
    message: 'The SNS message signature does not verify.',
  },
  snsEventsDisabled: {
    status: 404,
    code: 'sns_events_disabled',
    message: 'SES notifications are not accepted here: SES_NOTIFICATIONS_TOPIC_ARN is not set.',
  },
  snsCertificateUnavailable: {
    status: 503,
    code: 'sns_certificate_unavailable',
    message: 'The SNS signing certificate could not be fetched; SNS will deliver again.',
  },
  snsConfirmationFailed: {
    status: 503,
    code: 'sns_confirmation_failed',
    message: 'Visiting the SubscribeURL failed; the subscription is not confirmed.',
  },
  unavailable: {
    status: 503,
    code: 'service_unavailable',
    message: 'The outbox is unavailable: nothing was queued, try again shortly.',
  },
});
