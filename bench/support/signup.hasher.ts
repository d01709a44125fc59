import { PasswordHasher } from '../../src/modules/signup/domain/password.hasher';

/**
 * The signup module's own hasher, so the raw-hash limit and the seed baseline use exactly the
 * parameters POST /users uses and cannot drift from them.
 */
export const signupHasher = new PasswordHasher();

/** The parameters as the hash itself records them, e.g. "argon2id v=19 m=19456,t=2,p=1". */
export function hashParameters(encoded: string): string {
  const [, algorithm, version, params] = encoded.split('$');
  return `${algorithm} ${version} ${params}`;
}
