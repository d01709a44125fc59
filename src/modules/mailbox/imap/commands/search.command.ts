import { type ImapCommand, SELECTED } from '../imap.command';
import { SearchSyntaxError, matches, parseSearch } from '../search';

export const searchCommand: ImapCommand = {
  name: 'SEARCH',
  states: SELECTED,
  uid: true,
  async run(ctx, args) {
    const view = ctx.mailbox;
    if (!view) return ctx.bad('no mailbox selected');
    let criterion;
    try {
      criterion = parseSearch(args, { maxSeq: view.exists, maxUid: view.maxUid });
    } catch (err) {
      if (err instanceof SearchSyntaxError)
        return err.message.startsWith('[') ? ctx.no(err.message) : ctx.bad(err.message);
      throw err;
    }
    const found: number[] = [];
    for (const { seq, uid } of view.all()) {
      const meta = ctx.store.get(uid);
      if (meta && matches(criterion, { seq, uid, meta, flags: view.flags(uid), recent: view.isRecent(uid) }))
        found.push(ctx.byUid ? uid : seq);
    }
    await ctx.send(`* SEARCH${found.map((n) => ` ${n}`).join('')}`);
    await ctx.ok(`${ctx.byUid ? 'UID ' : ''}SEARCH completed`);
  },
};
