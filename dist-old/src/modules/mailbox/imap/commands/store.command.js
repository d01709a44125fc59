"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.storeCommand = void 0;
const imap_command_1 = require("../imap.command");
const imap_parser_1 = require("../imap.parser");
const mailbox_view_1 = require("../mailbox-view");
const sequence_set_1 = require("../sequence-set");
/** Flags we keep; others (\Recent, keywords) are not permanent here and are ignored, as PERMANENTFLAGS says. */
function toFlags(tokens) {
    const flat = tokens.length === 1 && tokens[0].kind === 'list' ? tokens[0].items : tokens;
    const out = [];
    for (const t of flat) {
        const name = (0, imap_parser_1.asAtom)(t);
        if (name === undefined)
            return undefined;
        const flag = mailbox_view_1.SYSTEM_FLAGS.find((f) => f.toLowerCase() === name.toLowerCase());
        if (flag)
            out.push(flag);
    }
    return out;
}
exports.storeCommand = {
    name: 'STORE',
    states: imap_command_1.SELECTED,
    uid: true,
    async run(ctx, args) {
        const view = ctx.mailbox;
        const user = ctx.user;
        if (!view || !user)
            return ctx.bad('no mailbox selected');
        const ranges = (0, sequence_set_1.parseSequenceSet)((0, imap_parser_1.asAtom)(args[0]) ?? '', ctx.byUid ? view.maxUid : view.exists);
        const item = /^([+-]?)FLAGS(\.SILENT)?$/i.exec((0, imap_parser_1.asAtom)(args[1]) ?? '');
        const flags = toFlags(args.slice(2));
        if (!ranges || !item || !flags || args.length < 3)
            return ctx.bad('STORE needs a set, FLAGS/+FLAGS/-FLAGS and flags');
        if (view.readOnly)
            return ctx.no('[READ-ONLY] mailbox is read-only');
        const [, mode, silent] = item;
        for (const { seq, uid } of view.select(ranges, ctx.byUid)) {
            if (!ctx.store.get(uid))
                continue;
            const current = new Set(view.flags(uid));
            const next = mode === '+'
                ? new Set([...current, ...flags])
                : mode === '-'
                    ? new Set([...current].filter((f) => !flags.includes(f)))
                    : new Set(flags);
            const changed = next.size !== current.size || [...next].some((f) => !current.has(f));
            if (changed)
                await ctx.store.setFlags(user, uid, [...next]);
            if (!silent) {
                const uidPart = ctx.byUid ? `UID ${uid} ` : '';
                await ctx.send(`* ${seq} FETCH (${uidPart}FLAGS (${[...view.flags(uid)].join(' ')}))`);
            }
        }
        await ctx.ok(`${ctx.byUid ? 'UID ' : ''}STORE completed`);
    },
};
//# sourceMappingURL=store.command.js.map