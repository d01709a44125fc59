import type { ImapCommand } from '../imap.command';
import { asString } from '../imap.parser';
import { checkCredentials } from '../credentials';

export const loginCommand: ImapCommand = {
  name: 'LOGIN',
  states: ['not-authenticated'],
  async run(ctx, args) {
    const user = asString(args[0]);
    const password = asString(args[1]);
    if (user === undefined || password === undefined || args.length !== 2)
      return ctx.bad('LOGIN needs a user name and a password');
    const address = checkCredentials(user, password, ctx.password);
    if (!address) {
      await ctx.no('[AUTHENTICATIONFAILED] Invalid credentials');
      return ctx.failedLogin();
    }
    ctx.login(address);
    await ctx.ok(`[CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UIDPLUS AUTH=PLAIN] Logged in`);
  },
};
