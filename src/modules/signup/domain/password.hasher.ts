import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). Hashing happens before anything is stored,
 * so the clear password exists only for the length of the request.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export class PasswordHasher {
  /**
   * Verified against when no account matches, so "no such user" costs what "wrong password" costs.
   * Made at start-up, so not even the first unknown address pays for an extra hash.
   */
  private readonly dummy: Promise<string> = this.hash('mailgate-dummy-password');

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(stored: string | undefined, password: string): Promise<boolean> {
    if (stored === undefined) {
      await verify(await this.dummy, password);
      return false;
    }
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }
}
