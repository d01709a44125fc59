import { ANY_STATE, type ImapCommand } from '../imap.command';

export const logoutCommand: ImapCommand = {
  name: 'LOGOUT',
  states: ANY_STATE,
  async run(ctx) {
    await ctx.send('* BYE mailgate dev mailbox logging out');
    await ctx.ok('LOGOUT completed');
    ctx.logout();
  },
};
