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

export interface UserRepository {
  /** Inserts unless the address already has an account; undefined when it had one. */
  insertIfAbsent(tx: Queryable, user: NewUser): Promise<User | undefined>;
  findByEmailKey(emailKey: string, q?: Queryable): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
}

export const USER_REPOSITORY = Symbol('UserRepository');
