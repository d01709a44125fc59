/**
 * The parts of mailgate a process can run (CONTRACT §1): `all` is `npm start`, the others are
 * `npx mailgate api | worker | mailbox` for the distributed profile.
 */
export const ROLES = ['all', 'api', 'worker', 'mailbox'] as const;
export type Role = (typeof ROLES)[number];

/** Which parts a role runs; `all` runs every one (the mailbox only when MAILBOX=on). */
export function roleParts(role: Role): { api: boolean; worker: boolean; mailbox: boolean } {
  return {
    api: role === 'all' || role === 'api',
    worker: role === 'all' || role === 'worker',
    mailbox: role === 'all' || role === 'mailbox',
  };
}
