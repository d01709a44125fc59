import { AUTHENTICATED, type ImapCommand } from '../imap.command';
import { listMailboxes } from './list.command';

/** LSUB: INBOX is always subscribed. */
export const lsubCommand: ImapCommand = {
  name: 'LSUB',
  states: AUTHENTICATED,
  run: (ctx, args) => listMailboxes(ctx, args, 'LSUB'),
};
