import { AUTHENTICATED, type ImapCommand } from '../imap.command';
import { asAtom } from '../imap.parser';
import { isInbox } from './select.command';

export const statusCommand: ImapCommand = {
  name: 'STATUS',
  states: AUTHENTICATED,
  async run(ctx, args) {
    const items = args[1];
    if (args.length !== 2 || items?.kind !== 'list')
      return ctx.bad('STATUS needs a mailbox and a list of items');
    if (!isInbox(args[0]) || !ctx.user) return ctx.no('[NONEXISTENT] only INBOX exists');
    const user = ctx.user;
    const ids = ctx.store
      .list({ recipient: user, limit: Number.MAX_SAFE_INTEGER, order: 'oldest' })
      .map((m) => m.id);
    const out: string[] = [];
    for (const item of items.items) {
      const name = asAtom(item)?.toUpperCase();
      if (name === 'MESSAGES') out.push(`MESSAGES ${ids.length}`);
      // Counted, not claimed: STATUS never changes which session sees a message as recent.
      else if (name === 'RECENT')
        out.push(`RECENT ${ids.filter((id) => id > ctx.recent.horizon(user)).length}`);
      else if (name === 'UIDNEXT') out.push(`UIDNEXT ${ctx.store.nextId}`);
      else if (name === 'UIDVALIDITY') out.push(`UIDVALIDITY ${ctx.store.uidValidity}`);
      else if (name === 'UNSEEN')
        out.push(`UNSEEN ${ids.filter((id) => !ctx.store.flags(user, id).has('\\Seen')).length}`);
      else return ctx.bad(`unknown STATUS item ${String(name).slice(0, 20)}`);
    }
    await ctx.send(`* STATUS "INBOX" (${out.join(' ')})`);
    await ctx.ok('STATUS completed');
  },
};
