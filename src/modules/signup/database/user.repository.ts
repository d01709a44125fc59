import type { Queryable } from '../../../infra/db/db.port';

/** A verified account: a row exists only after a challenge was consumed (the seed's lesson). */
export interface User {
  id: string;
  email: string;
  emailKey: string;
  emailDisplay: string;
  name: string;
  passwordHash: string;
  tokenVersion: number;
  locale: string;
  createdAt: Date;
}

export type NewUser = Pick<
  User,
  'id' | 'email' | 'emailKey' | 'emailDisplay' | 'name' | 'passwordHash' | 'locale'
>;

/** An address in its three stored forms (see common/email/email-address.ts). */
export interface UserAddress {
  email: string;
  emailKey: string;
  emailDisplay: string;
}

export type AddressChange = { kind: 'changed'; user: User } | { kind: 'taken' } | { kind: 'gone' };

export interface UserRepository {
  /** Inserts unless the address already has an account; undefined when it had one. */
  insertIfAbsent(tx: Queryable, user: NewUser): Promise<User | undefined>;
  findByEmailKey(emailKey: string, q?: Queryable): Promise<User | undefined>;
  /**
   * The account at the address, its row share-locked until `tx` ends: an email change moving it
   * away waits for `tx`, and one that moved it first (committed) is seen, so what `tx` gives the
   * account is given while it still holds the address (its revocations then find it).
   */
  lockByEmailKey(tx: Queryable, emailKey: string): Promise<User | undefined>;
  findById(id: string, q?: Queryable): Promise<User | undefined>;
  /**
   * Sets a new password hash and bumps token_version, so every access token issued before is
   * refused; undefined when the account no longer exists.
   */
  setPassword(tx: Queryable, id: string, passwordHash: string): Promise<User | undefined>;
  /**
   * Moves the account to another address unless another account holds it (`taken`). Takes the
   * address's lock first (database/address.lock.ts). `revokeTokens` also bumps token_version.
   */
  changeEmail(tx: Queryable, id: string, to: UserAddress, revokeTokens: boolean): Promise<AddressChange>;
  /** Bumps token_version: every access token issued before is refused. */
  revokeTokens(tx: Queryable, id: string): Promise<void>;
}

export const USER_REPOSITORY = Symbol('UserRepository');
