"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.emailApi = void 0;
/**
 * The Email API (CONTRACT §4 "Email API"):
 * - `messages.attachments`: a raw message's attachments (`[{filename, contentType, content}]`, content
 *   base64), bounded by the 64 KiB request limit, so they live in the row with the message;
 * - `idempotency_keys`: one row per (API key scope, Idempotency-Key) for 24 hours. `scope` is an HMAC of
 *   the API key (the key itself is never stored); `request_hash` a hash of the canonical request body.
 *   The primary key is what makes concurrent requests with one key produce one message;
 * - `suppressions`: addresses the worker must not mail. `address_key` is the whole address lower-cased
 *   (suppressing a case variant too is the safe side); `address` is what was given, for listing;
 * - a `suppressed` attempt outcome: the worker records that it did not send, and why.
 */
exports.emailApi = {
    id: 3,
    name: 'email_api',
    sql: `
ALTER TABLE messages ADD COLUMN attachments jsonb;

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  message_id uuid REFERENCES messages (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE suppressions (
  address_key text PRIMARY KEY,
  address text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('hard_bounce', 'complaint', 'manual')),
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE message_attempts DROP CONSTRAINT message_attempts_outcome_check;
ALTER TABLE message_attempts ADD CONSTRAINT message_attempts_outcome_check
  CHECK (outcome IN ('sent', 'retry', 'failed', 'suppressed'));
`,
};
//# sourceMappingURL=003_email_api.js.map