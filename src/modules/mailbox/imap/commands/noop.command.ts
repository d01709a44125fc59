import { ANY_STATE, type ImapCommand } from '../imap.command';

/** NOOP: the client's way to poll; reports other sessions' expunges and new mail. */
export const noopCommand: ImapCommand = {
  name: 'NOOP',
  states: ANY_STATE,
  async run(ctx) {
    await ctx.reportChanges();
    await ctx.ok('NOOP completed');
  },
};
