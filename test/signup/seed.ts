import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/app';
import { SqlPendingSignupStore } from '../../src/modules/signup/database/sql.pending-signup.store';
import { issueChallenge } from '../../src/modules/signup/domain/challenge';
import { parseEmail } from '../../src/common/email/email-address';
import { PasswordHasher } from '../../src/modules/signup/domain/password.hasher';

const hasher = new PasswordHasher();

/**
 * Stores a pending signup straight into the app's database, as POST /users would, and returns its
 * clear token and code: lets the HTTP verify tests run without reading mail.
 */
export async function seedPending(
  app: Pick<TestApp, 'runtime'>,
  email: string,
  password = 'password-123',
  name = 'Ada',
): Promise<{ token: string; code: string }> {
  const { config, db } = app.runtime;
  const address = parseEmail(email);
  const challenge = issueChallenge(config.keys, config.signup, new Date(), address.key);
  await new SqlPendingSignupStore(db).create(db, {
    id: randomUUID(),
    emailKey: address.key,
    email: address.email,
    emailDisplay: address.display,
    name,
    passwordHash: await hasher.hash(password),
    locale: 'en',
    tokenHash: challenge.tokenHash,
    codeHash: challenge.codeHash,
    expiresAt: challenge.expiresAt,
    codeExpiresAt: challenge.codeExpiresAt,
  });
  return { token: challenge.token, code: challenge.code };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
