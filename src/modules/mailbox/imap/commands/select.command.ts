import { AUTHENTICATED, type ImapCommand, type ImapContext } from '../imap.command';
import { type Token, asString } from '../imap.parser';
import { MailboxView, SYSTEM_FLAGS } from '../mailbox-view';

/** Each user has exactly one mailbox, INBOX (its name is case-insensitive, RFC 3501 §5.1). */
export function isInbox(token: Token | undefined): boolean {
  return asString(token)?.toUpperCase() === 'INBOX';
}

/** SELECT and EXAMINE (read-only): the mailbox's state as RFC 3501 §6.3.1 lists it. */
export async function openMailbox(ctx: ImapContext, args: Token[], readOnly: boolean): Promise<void> {
  // Selecting anything, even a mailbox that fails, leaves the selected state first.
  ctx.select(undefined);
  if (!isInbox(args[0]) || args.length !== 1 || !ctx.user) return ctx.no('[NONEXISTENT] only INBOX exists');
  const view = new MailboxView(ctx.store, ctx.user, readOnly, ctx.recent);
  const flags = SYSTEM_FLAGS.join(' ');
  const firstUnseen = view.all().find((m) => !view.flags(m.uid).has('\\Seen'));
  await ctx.send(`* FLAGS (${flags})`);
  await ctx.send(`* OK [PERMANENTFLAGS ${readOnly ? '()' : `(${flags})`}] Flags permitted`);
  await ctx.send(`* ${view.exists} EXISTS`);
  await ctx.send(`* ${view.recent} RECENT`);
  if (firstUnseen) await ctx.send(`* OK [UNSEEN ${firstUnseen.seq}] First unseen`);
  await ctx.send(`* OK [UIDVALIDITY ${ctx.store.uidValidity}] UIDs valid`);
  await ctx.send(`* OK [UIDNEXT ${ctx.store.nextId}] Predicted next UID`);
  ctx.select(view);
  await ctx.ok(`[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${readOnly ? 'EXAMINE' : 'SELECT'} completed`);
}

export const selectCommand: ImapCommand = {
  name: 'SELECT',
  states: AUTHENTICATED,
  run: (ctx, args) => openMailbox(ctx, args, false),
};
