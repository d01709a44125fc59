import type { MailboxFlag } from '../../mailbox.store';
import { type ImapCommand, SELECTED } from '../imap.command';
import { type Token, asAtom } from '../imap.parser';
import { SYSTEM_FLAGS } from '../mailbox-view';
import { parseSequenceSet } from '../sequence-set';

/** Flags we keep; others (\Recent, keywords) are not permanent here and are ignored, as PERMANENTFLAGS says. */
function toFlags(tokens: Token[]): MailboxFlag[] | undefined {
  const flat = tokens.length === 1 && tokens[0].kind === 'list' ? tokens[0].items : tokens;
  const out: MailboxFlag[] = [];
  for (const t of flat) {
    const name = asAtom(t);
    if (name === undefined) return undefined;
    const flag = SYSTEM_FLAGS.find((f) => f.toLowerCase() === name.toLowerCase());
    if (flag) out.push(flag);
  }
  return out;
}

export const storeCommand: ImapCommand = {
  name: 'STORE',
  states: SELECTED,
  uid: true,
  async run(ctx, args) {
    const view = ctx.mailbox;
    const user = ctx.user;
    if (!view || !user) return ctx.bad('no mailbox selected');
    const ranges = parseSequenceSet(asAtom(args[0]) ?? '', ctx.byUid ? view.maxUid : view.exists);
    const item = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(asAtom(args[1]) ?? '');
    const flags = toFlags(args.slice(2));
    if (!ranges || !item || !flags || args.length < 3)
      return ctx.bad('STORE needs a set, FLAGS/+FLAGS/-FLAGS and flags');
    if (view.readOnly) return ctx.no('[READ-ONLY] mailbox is read-only');
    const [, mode, silent] = item;
    for (const { seq, uid } of view.select(ranges, ctx.byUid)) {
      if (!ctx.store.get(uid)) continue;
      const current = new Set(view.flags(uid));
      const next =
        mode === '+'
          ? new Set([...current, ...flags])
          : mode === '-'
            ? new Set([...current].filter((f) => !flags.includes(f)))
            : new Set(flags);
      const changed = next.size !== current.size || [...next].some((f) => !current.has(f));
      if (changed) await ctx.store.setFlags(user, uid, [...next]);
      if (!silent) {
        const uidPart = ctx.byUid ? `UID ${uid} ` : '';
        await ctx.send(`* ${seq} FETCH (${uidPart}FLAGS ${view.flagList(uid)})`);
      }
    }
    await ctx.ok(`${ctx.byUid ? 'UID ' : ''}STORE completed`);
  },
};
