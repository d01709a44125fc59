import type { Migration } from '../migrator';

/**
 * Account recovery and email change (issue 6). Both are challenges like a pending signup: the link
 * token and the code are stored only as HMACs, a row is settled once by a conditional update, and
 * the sweeper deletes rows past their last expiry.
 * - `password_resets`: one row per reset request. `user_id` is NULL for a request made for an
 *   address without an account: the same insert runs for every address (equal work, so timing does
 *   not tell them apart) and such a row can never be used.
 * - `email_changes`: one row per change request, holding the old and the new address; the link and
 *   code go to the new address, the undo token to the old one. `undo_expires_at` is 7 days.
 */
export const account: Migration = {
  id: 4,
  name: 'account',
  sql: `
CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'used', 'revoked')),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz
);
CREATE INDEX password_resets_live ON password_resets (user_id) WHERE state = 'pending';
CREATE INDEX password_resets_expiry ON password_resets (expires_at);

CREATE TABLE email_changes (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  old_email text NOT NULL,
  old_email_key text NOT NULL,
  old_email_display text NOT NULL,
  new_email text NOT NULL,
  new_email_key text NOT NULL,
  new_email_display text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  code_hash bytea NOT NULL,
  code_failures integer NOT NULL DEFAULT 0,
  code_expires_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  undo_token_hash bytea NOT NULL UNIQUE,
  undo_expires_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'confirmed', 'revoked', 'undone')),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz
);
CREATE INDEX email_changes_live_user ON email_changes (user_id) WHERE state = 'pending';
CREATE INDEX email_changes_live_address ON email_changes (new_email_key) WHERE state = 'pending';
CREATE INDEX email_changes_expiry ON email_changes (undo_expires_at);
`,
};
