import type { MessageMeta } from '../../mailbox.store';
import { type FetchItem, needsBody, parseFetchItems } from '../fetch-items';
import { type ImapCommand, type ImapContext, SELECTED } from '../imap.command';
import { type Out, internalDate } from '../imap.format';
import { asAtom } from '../imap.parser';
import { buildBodyStructure, buildEnvelope, extractSection } from '../mime-structure';
import { parseSequenceSet } from '../sequence-set';

export const fetchCommand: ImapCommand = {
  name: 'FETCH',
  states: SELECTED,
  uid: true,
  async run(ctx, args) {
    const view = ctx.mailbox;
    if (!view) return ctx.bad('no mailbox selected');
    const ranges = parseSequenceSet(asAtom(args[0]) ?? '', ctx.byUid ? view.maxUid : view.exists);
    if (!ranges) return ctx.bad('FETCH needs a sequence set');
    const items = parseFetchItems(args.slice(1));
    // UID FETCH always answers with the UID (RFC 3501 §6.4.8).
    if (ctx.byUid && !items.some((i) => i.kind === 'UID')) items.unshift({ kind: 'UID' });
    for (const { seq, uid } of view.select(ranges, ctx.byUid)) {
      const meta = ctx.store.get(uid);
      // Gone since this session last heard (REST delete, retention): reported at the next NOOP.
      if (!meta) continue;
      const response = await fetchOne(ctx, meta, items).catch((err: unknown) => {
        if (!ctx.store.get(uid)) return undefined;
        throw err;
      });
      if (response) await ctx.send(`* ${seq} FETCH (`, ...response, ')');
    }
    await ctx.ok(`${ctx.byUid ? 'UID ' : ''}FETCH completed`);
  },
};

async function fetchOne(ctx: ImapContext, meta: MessageMeta, items: FetchItem[]): Promise<Out[] | undefined> {
  const view = ctx.mailbox;
  const user = ctx.user;
  if (!view || !user) return undefined;
  // ENVELOPE was rendered at ingest; only a message stored without it needs reading for it.
  const raw = needsBody(items, meta.envelope !== undefined) ? await ctx.store.readRaw(meta.id) : undefined;
  const root = raw ? ctx.mime.get(meta.id, raw) : undefined;
  // A body fetch without PEEK marks the message read (not in a read-only EXAMINE session).
  let flagsChanged = false;
  const flags = view.flags(meta.id);
  if (!view.readOnly && !flags.has('\\Seen') && items.some((i) => i.kind === 'section' && !i.peek)) {
    await ctx.store.setFlags(user, meta.id, [...flags, '\\Seen']);
    flagsChanged = true;
  }
  const out: Out[] = [];
  const add = (...pieces: Out[]) => {
    if (out.length > 0) out.push(' ');
    out.push(...pieces);
  };
  for (const item of items) {
    switch (item.kind) {
      case 'UID':
        add(`UID ${meta.id}`);
        break;
      case 'FLAGS':
        add(`FLAGS ${view.flagList(meta.id)}`);
        break;
      case 'RFC822.SIZE':
        add(`RFC822.SIZE ${meta.size}`);
        break;
      case 'INTERNALDATE':
        add(`INTERNALDATE ${internalDate(meta.receivedAt)}`);
        break;
      case 'ENVELOPE':
        if (meta.envelope !== undefined) add('ENVELOPE ', Buffer.from(meta.envelope, 'latin1'));
        else if (root) add('ENVELOPE ', buildEnvelope(root.headers));
        break;
      case 'BODYSTRUCTURE':
        if (root) add('BODYSTRUCTURE ', buildBodyStructure(root, true));
        break;
      case 'BODY':
        if (root) add('BODY ', buildBodyStructure(root, false));
        break;
      case 'section': {
        if (!raw || !root) break;
        let data = extractSection(raw, root, item.section);
        if (item.partial) data = data.subarray(item.partial.start, item.partial.start + item.partial.count);
        // Bodies always go out as literals: they hold CRLFs and 8-bit bytes.
        add(`${item.label} `, Buffer.concat([Buffer.from(`{${data.length}}\r\n`), data]));
        break;
      }
    }
  }
  if (flagsChanged && !items.some((i) => i.kind === 'FLAGS')) add(`FLAGS ${view.flagList(meta.id)}`);
  return out;
}
