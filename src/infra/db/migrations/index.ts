import type { Migration } from '../migrator';
import { identity } from './001_identity';
import { outbox } from './002_outbox';
import { emailApi } from './003_email_api';
import { account } from './004_account';
import { throttledAttempts } from './005_throttled_attempts';
import { resetAddress } from './006_reset_address';
import { outboxWrites } from './007_outbox_writes';

/** Every migration of the core schema, shared by the embedded and distributed profiles. */
export const coreMigrations: readonly Migration[] = [
  identity,
  outbox,
  emailApi,
  account,
  throttledAttempts,
  resetAddress,
  outboxWrites,
];
