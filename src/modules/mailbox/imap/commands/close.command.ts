import { type ImapCommand, SELECTED } from '../imap.command';
import { expungeDeleted } from './expunge.command';

/** CLOSE: expunges \Deleted messages without reporting them (not in a read-only session). */
export const closeCommand: ImapCommand = {
  name: 'CLOSE',
  states: SELECTED,
  async run(ctx) {
    if (!ctx.mailbox?.readOnly) await expungeDeleted(ctx);
    ctx.select(undefined);
    await ctx.ok('CLOSE completed');
  },
};
