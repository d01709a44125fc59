"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.fetchCommand = void 0;
const fetch_items_1 = require("../fetch-items");
const imap_command_1 = require("../imap.command");
const imap_format_1 = require("../imap.format");
const imap_parser_1 = require("../imap.parser");
const mime_structure_1 = require("../mime-structure");
const sequence_set_1 = require("../sequence-set");
exports.fetchCommand = {
    name: 'FETCH',
    states: imap_command_1.SELECTED,
    uid: true,
    async run(ctx, args) {
        const view = ctx.mailbox;
        if (!view)
            return ctx.bad('no mailbox selected');
        const ranges = (0, sequence_set_1.parseSequenceSet)((0, imap_parser_1.asAtom)(args[0]) ?? '', ctx.byUid ? view.maxUid : view.exists);
        if (!ranges)
            return ctx.bad('FETCH needs a sequence set');
        const items = (0, fetch_items_1.parseFetchItems)(args.slice(1));
        // UID FETCH always answers with the UID (RFC 3501 §6.4.8).
        if (ctx.byUid && !items.some((i) => i.kind === 'UID'))
            items.unshift({ kind: 'UID' });
        for (const { seq, uid } of view.select(ranges, ctx.byUid)) {
            const meta = ctx.store.get(uid);
            // Gone since this session last heard (REST delete, retention): reported at the next NOOP.
            if (!meta)
                continue;
            const response = await fetchOne(ctx, meta, items).catch((err) => {
                if (!ctx.store.get(uid))
                    return undefined;
                throw err;
            });
            if (response)
                await ctx.send(`* ${seq} FETCH (`, ...response, ')');
        }
        await ctx.ok(`${ctx.byUid ? 'UID ' : ''}FETCH completed`);
    },
};
async function fetchOne(ctx, meta, items) {
    const view = ctx.mailbox;
    const user = ctx.user;
    if (!view || !user)
        return undefined;
    const raw = (0, fetch_items_1.needsBody)(items) ? await ctx.store.readRaw(meta.id) : undefined;
    const root = raw ? ctx.mime.get(meta.id, raw) : undefined;
    // A body fetch without PEEK marks the message read (not in a read-only EXAMINE session).
    let flagsChanged = false;
    const flags = view.flags(meta.id);
    if (!view.readOnly && !flags.has('\\Seen') && items.some((i) => i.kind === 'section' && !i.peek)) {
        await ctx.store.setFlags(user, meta.id, [...flags, '\\Seen']);
        flagsChanged = true;
    }
    const out = [];
    const add = (...pieces) => {
        if (out.length > 0)
            out.push(' ');
        out.push(...pieces);
    };
    for (const item of items) {
        switch (item.kind) {
            case 'UID':
                add(`UID ${meta.id}`);
                break;
            case 'FLAGS':
                add(`FLAGS (${[...view.flags(meta.id)].join(' ')})`);
                break;
            case 'RFC822.SIZE':
                add(`RFC822.SIZE ${meta.size}`);
                break;
            case 'INTERNALDATE':
                add(`INTERNALDATE ${(0, imap_format_1.internalDate)(meta.receivedAt)}`);
                break;
            case 'ENVELOPE':
                if (root)
                    add('ENVELOPE ', (0, mime_structure_1.buildEnvelope)(root.headers));
                break;
            case 'BODYSTRUCTURE':
                if (root)
                    add('BODYSTRUCTURE ', (0, mime_structure_1.buildBodyStructure)(root, true));
                break;
            case 'BODY':
                if (root)
                    add('BODY ', (0, mime_structure_1.buildBodyStructure)(root, false));
                break;
            case 'section': {
                if (!raw || !root)
                    break;
                let data = (0, mime_structure_1.extractSection)(raw, root, item.section);
                if (item.partial)
                    data = data.subarray(item.partial.start, item.partial.start + item.partial.count);
                // Bodies always go out as literals: they hold CRLFs and 8-bit bytes.
                add(`${item.label} `, Buffer.concat([Buffer.from(`{${data.length}}\r\n`), data]));
                break;
            }
        }
    }
    if (flagsChanged && !items.some((i) => i.kind === 'FLAGS'))
        add(`FLAGS (${[...view.flags(meta.id)].join(' ')})`);
    return out;
}
//# sourceMappingURL=fetch.command.js.map