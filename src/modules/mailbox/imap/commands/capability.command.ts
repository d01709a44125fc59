import { ANY_STATE, type ImapCommand, capabilities } from '../imap.command';

export const capabilityCommand: ImapCommand = {
  name: 'CAPABILITY',
  states: ANY_STATE,
  async run(ctx) {
    await ctx.send(`* CAPABILITY ${capabilities(ctx)}`);
    await ctx.ok('CAPABILITY completed');
  },
};
