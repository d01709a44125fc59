"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.identity = void 0;
/**
 * Users and pending signups. A pending signup is never a user: the seed's lesson is that a row in
 * `users` means a verified account, so nothing is written there until a challenge is consumed.
 */
exports.identity = {
    id: 1,
    name: 'identity',
    sql: `
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  email_key text NOT NULL UNIQUE,
  email_display text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  token_version integer NOT NULL DEFAULT 0,
  locale text NOT NULL DEFAULT 'en',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pending_signups (
  id uuid PRIMARY KEY,
  email_key text NOT NULL,
  email text NOT NULL,
  email_display text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  code_hash bytea NOT NULL,
  code_failures integer NOT NULL DEFAULT 0,
  code_expires_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  locale text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'verified', 'revoked')),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz
);
CREATE INDEX pending_signups_live ON pending_signups (email_key) WHERE state = 'pending';
CREATE INDEX pending_signups_expiry ON pending_signups (expires_at);

-- key is "<scope>:" + HMAC(lookup key, subject): no address or IP is stored in plain text.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_reset ON rate_limits (reset_at);
`,
};
//# sourceMappingURL=001_identity.js.map