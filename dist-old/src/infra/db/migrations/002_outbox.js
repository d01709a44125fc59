"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.outbox = void 0;
/**
 * The outbox: one row per message, written in the same transaction as the state change that
 * caused it, so a signup is never stored without its mail or its mail without the signup.
 * `sealed` holds the one-time secrets (AES-256-GCM, see mail/outbox/secrets.seal.ts) and is set to
 * NULL once the message is final. Every delivery attempt is a row in `message_attempts`.
 */
exports.outbox = {
    id: 2,
    name: 'outbox',
    sql: `
CREATE TABLE messages (
  id uuid PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  idempotency_key text,
  request_hash text,
  to_addr text NOT NULL,
  to_name text,
  subject text,
  template text,
  locale text,
  data jsonb,
  text_body text,
  html_body text,
  sealed bytea,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'failed', 'suppressed')),
  attempts_made integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  lease_id uuid,
  transport text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE UNIQUE INDEX messages_idempotency ON messages (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status IN ('queued', 'retrying');
CREATE INDEX messages_leased ON messages (locked_until) WHERE status = 'sending';

CREATE TABLE message_attempts (
  id bigserial PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
  error text,
  duration_ms integer
);
CREATE INDEX message_attempts_message ON message_attempts (message_id, at);
`,
};
//# sourceMappingURL=002_outbox.js.map