/** What a consumer may do with a message it was handed. */
export type LedgerClaim = 'claimed' | 'delivered' | 'in-flight';

/**
 * Which messages a consumer has delivered, keyed by Message-ID, so an at-least-once queue (SNS, Lambda
 * retries) results in one send. In production this must be a store all consumers share, with a
 * conditional write: DynamoDB `PutItem` with `attribute_not_exists(messageId)` (and a TTL), or Redis
 * `SET key in-flight NX EX 900`, then `SET key delivered EX <days>` on success and `DEL` on failure.
 */
export interface DeliveryLedger {
  /** Takes the message for this consumer unless it was delivered already or is being delivered. */
  claim(messageId: string): Promise<LedgerClaim>;
  /** The send went through: every later delivery of this Message-ID is skipped. */
  delivered(messageId: string): Promise<void>;
  /** The send failed: a redelivery may try again. */
  release(messageId: string): Promise<void>;
}
