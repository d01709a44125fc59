import type { User } from '../database/user.repository';

/** What the API shows of an account: never the hash, the key or the token version. */
export interface UserView {
  id: string;
  name: string;
  email: string;
  createdAt: string;
}

export function toView(u: User): UserView {
  return { id: u.id, name: u.name, email: u.email, createdAt: u.createdAt.toISOString() };
}
