import type { ImapCommand } from '../imap.command';
import { asAtom, asString } from '../imap.parser';
import { checkCredentials } from '../credentials';

/** AUTHENTICATE PLAIN (RFC 4616), with the initial response inline (SASL-IR) or after a `+`. */
export const authenticateCommand: ImapCommand = {
  name: 'AUTHENTICATE',
  states: ['not-authenticated'],
  async run(ctx, args) {
    if (asAtom(args[0])?.toUpperCase() !== 'PLAIN') return ctx.no('only AUTHENTICATE PLAIN is supported');
    let response = asString(args[1]);
    if (response === undefined) {
      await ctx.send('+ ');
      const line = await ctx.nextLine();
      response = line.map((c) => (typeof c === 'string' ? c : c.toString('latin1'))).join('');
    }
    if (response.trim() === '*') return ctx.bad('AUTHENTICATE cancelled');
    const decoded = response === '=' ? '' : Buffer.from(response.trim(), 'base64').toString('utf8');
    // authzid NUL authcid NUL password; an authzid other than the user itself is not allowed.
    const [authzid, user, password, extra] = decoded.split('\0');
    if (user === undefined || password === undefined || extra !== undefined)
      return ctx.bad('malformed PLAIN response');
    const address = checkCredentials(user, password, ctx.password);
    if (!address || (authzid && authzid.toLowerCase() !== address)) {
      await ctx.no('[AUTHENTICATIONFAILED] Invalid credentials');
      return ctx.failedLogin();
    }
    ctx.login(address);
    await ctx.ok('[CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UIDPLUS AUTH=PLAIN] Authenticated');
  },
};
