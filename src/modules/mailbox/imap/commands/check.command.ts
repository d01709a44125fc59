import { type ImapCommand, SELECTED } from '../imap.command';

/** CHECK: every change is already durable (the store fsyncs before answering), so this only reports news. */
export const checkCommand: ImapCommand = {
  name: 'CHECK',
  states: SELECTED,
  async run(ctx) {
    await ctx.reportChanges();
    await ctx.ok('CHECK completed');
  },
};
