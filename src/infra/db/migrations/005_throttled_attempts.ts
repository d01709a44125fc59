import type { Migration } from '../migrator';

/**
 * A `throttled` attempt outcome: the provider asked to slow down, the message went back to the
 * queue due at the end of the transport's pause, and the attempt did not count toward the limit
 * (docs/mail.md, "Throttling").
 */
export const throttledAttempts: Migration = {
  id: 5,
  name: 'throttled_attempts',
  sql: `
ALTER TABLE message_attempts DROP CONSTRAINT message_attempts_outcome_check;
ALTER TABLE message_attempts ADD CONSTRAINT message_attempts_outcome_check
  CHECK (outcome IN ('sent', 'retry', 'failed', 'suppressed', 'throttled'));
`,
};
