"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.expungeCommand = void 0;
exports.expungeDeleted = expungeDeleted;
const imap_command_1 = require("../imap.command");
const imap_parser_1 = require("../imap.parser");
const sequence_set_1 = require("../sequence-set");
/**
 * Removes the messages flagged \Deleted (only those in `uids` when given, UIDPLUS's UID EXPUNGE)
 * from this user's mailbox; returns the sequence numbers to report, in order.
 */
async function expungeDeleted(ctx, uids) {
    const view = ctx.mailbox;
    if (!view || !ctx.user)
        return [];
    const reported = [];
    for (const { uid } of view.all().reverse()) {
        if (!view.flags(uid).has('\\Deleted') || (uids && !uids(uid)))
            continue;
        await ctx.store.expunge(ctx.user, uid);
        const seq = view.forget(uid);
        if (seq !== undefined)
            reported.push(seq);
    }
    return reported;
}
exports.expungeCommand = {
    name: 'EXPUNGE',
    states: imap_command_1.SELECTED,
    uid: true,
    async run(ctx, args) {
        if (ctx.mailbox?.readOnly)
            return ctx.no('[READ-ONLY] mailbox is read-only');
        let filter;
        if (ctx.byUid) {
            const ranges = (0, sequence_set_1.parseSequenceSet)((0, imap_parser_1.asAtom)(args[0]) ?? '', ctx.mailbox?.maxUid ?? 0);
            if (!ranges)
                return ctx.bad('UID EXPUNGE needs a UID set');
            filter = (uid) => ranges.some((r) => uid >= r.from && uid <= r.to);
        }
        for (const seq of await expungeDeleted(ctx, filter))
            await ctx.send(`* ${seq} EXPUNGE`);
        await ctx.ok('EXPUNGE completed');
    },
};
//# sourceMappingURL=expunge.command.js.map