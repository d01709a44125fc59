import { type ImapCommand, type ImapContext, SELECTED } from '../imap.command';
import { asAtom } from '../imap.parser';
import { parseSequenceSet } from '../sequence-set';

/**
 * Removes the messages flagged \Deleted (only those in `uids` when given, UIDPLUS's UID EXPUNGE)
 * from this user's mailbox; returns the sequence numbers to report, in order.
 */
export async function expungeDeleted(ctx: ImapContext, uids?: (uid: number) => boolean): Promise<number[]> {
  const view = ctx.mailbox;
  if (!view || !ctx.user) return [];
  const reported: number[] = [];
  for (const { uid } of view.all().reverse()) {
    if (!view.flags(uid).has('\\Deleted') || (uids && !uids(uid))) continue;
    await ctx.store.expunge(ctx.user, uid);
    const seq = view.forget(uid);
    if (seq !== undefined) reported.push(seq);
  }
  return reported;
}

export const expungeCommand: ImapCommand = {
  name: 'EXPUNGE',
  states: SELECTED,
  uid: true,
  async run(ctx, args) {
    if (ctx.mailbox?.readOnly) return ctx.no('[READ-ONLY] mailbox is read-only');
    let filter: ((uid: number) => boolean) | undefined;
    if (ctx.byUid) {
      const ranges = parseSequenceSet(asAtom(args[0]) ?? '', ctx.mailbox?.maxUid ?? 0);
      if (!ranges) return ctx.bad('UID EXPUNGE needs a UID set');
      filter = (uid) => ranges.some((r) => uid >= r.from && uid <= r.to);
    }
    for (const seq of await expungeDeleted(ctx, filter)) await ctx.send(`* ${seq} EXPUNGE`);
    await ctx.ok('EXPUNGE completed');
  },
};
