import type { Migration } from '../migrator';

/**
 * Password resets remember the address they were asked for, with or without an account. A new
 * request revokes the pending ones of its account or of its address, so an address asked for twice
 * costs one revoked row whether or not it has an account (docs/account.md, "the same answer").
 */
export const resetAddress: Migration = {
  id: 6,
  name: 'reset_address',
  sql: `
ALTER TABLE password_resets ADD COLUMN email_key text;
CREATE INDEX password_resets_live_address ON password_resets (email_key) WHERE state = 'pending';
`,
};
