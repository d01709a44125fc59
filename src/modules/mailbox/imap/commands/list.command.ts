import { AUTHENTICATED, type ImapCommand, type ImapContext } from '../imap.command';
import { type Token, asString } from '../imap.parser';

/** LIST/LSUB pattern match: `*` matches anything, `%` anything but the hierarchy delimiter. */
export function matchesPattern(reference: string, pattern: string, name: string): boolean {
  const full = reference + pattern;
  const re = full
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/%/g, '[^/]*');
  return new RegExp(`^${re}$`, 'i').test(name);
}

export async function listMailboxes(ctx: ImapContext, args: Token[], verb: 'LIST' | 'LSUB'): Promise<void> {
  const reference = asString(args[0]);
  const pattern = asString(args[1]);
  if (reference === undefined || pattern === undefined || args.length !== 2)
    return ctx.bad(`${verb} needs a reference and a mailbox pattern`);
  // An empty pattern asks for the hierarchy delimiter (RFC 3501 §6.3.8).
  if (verb === 'LIST' && pattern === '') await ctx.send('* LIST (\\Noselect) "/" ""');
  else if (matchesPattern(reference, pattern, 'INBOX'))
    await ctx.send(`* ${verb} (\\HasNoChildren) "/" "INBOX"`);
  await ctx.ok(`${verb} completed`);
}

export const listCommand: ImapCommand = {
  name: 'LIST',
  states: AUTHENTICATED,
  run: (ctx, args) => listMailboxes(ctx, args, 'LIST'),
};
