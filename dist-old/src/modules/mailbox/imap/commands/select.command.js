"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.selectCommand = void 0;
exports.isInbox = isInbox;
exports.openMailbox = openMailbox;
const imap_command_1 = require("../imap.command");
const imap_parser_1 = require("../imap.parser");
const mailbox_view_1 = require("../mailbox-view");
/** Each user has exactly one mailbox, INBOX (its name is case-insensitive, RFC 3501 §5.1). */
function isInbox(token) {
    return (0, imap_parser_1.asString)(token)?.toUpperCase() === 'INBOX';
}
/** SELECT and EXAMINE (read-only): the mailbox's state as RFC 3501 §6.3.1 lists it. */
async function openMailbox(ctx, args, readOnly) {
    // Selecting anything, even a mailbox that fails, leaves the selected state first.
    ctx.select(undefined);
    if (!isInbox(args[0]) || args.length !== 1 || !ctx.user)
        return ctx.no('[NONEXISTENT] only INBOX exists');
    const view = new mailbox_view_1.MailboxView(ctx.store, ctx.user, readOnly);
    const flags = mailbox_view_1.SYSTEM_FLAGS.join(' ');
    const firstUnseen = view.all().find((m) => !view.flags(m.uid).has('\\Seen'));
    await ctx.send(`* FLAGS (${flags})`);
    await ctx.send(`* OK [PERMANENTFLAGS ${readOnly ? '()' : `(${flags})`}] Flags permitted`);
    await ctx.send(`* ${view.exists} EXISTS`);
    await ctx.send('* 0 RECENT');
    if (firstUnseen)
        await ctx.send(`* OK [UNSEEN ${firstUnseen.seq}] First unseen`);
    await ctx.send(`* OK [UIDVALIDITY ${ctx.store.uidValidity}] UIDs valid`);
    await ctx.send(`* OK [UIDNEXT ${ctx.store.nextId}] Predicted next UID`);
    ctx.select(view);
    await ctx.ok(`[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${readOnly ? 'EXAMINE' : 'SELECT'} completed`);
}
exports.selectCommand = {
    name: 'SELECT',
    states: imap_command_1.AUTHENTICATED,
    run: (ctx, args) => openMailbox(ctx, args, false),
};
//# sourceMappingURL=select.command.js.map