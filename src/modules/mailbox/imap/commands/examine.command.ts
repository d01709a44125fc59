import { AUTHENTICATED, type ImapCommand } from '../imap.command';
import { openMailbox } from './select.command';

export const examineCommand: ImapCommand = {
  name: 'EXAMINE',
  states: AUTHENTICATED,
  run: (ctx, args) => openMailbox(ctx, args, true),
};
