"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.statusCommand = void 0;
const imap_command_1 = require("../imap.command");
const imap_parser_1 = require("../imap.parser");
const select_command_1 = require("./select.command");
exports.statusCommand = {
    name: 'STATUS',
    states: imap_command_1.AUTHENTICATED,
    async run(ctx, args) {
        const items = args[1];
        if (args.length !== 2 || items?.kind !== 'list')
            return ctx.bad('STATUS needs a mailbox and a list of items');
        if (!(0, select_command_1.isInbox)(args[0]) || !ctx.user)
            return ctx.no('[NONEXISTENT] only INBOX exists');
        const user = ctx.user;
        const ids = ctx.store
            .list({ recipient: user, limit: Number.MAX_SAFE_INTEGER, order: 'oldest' })
            .map((m) => m.id);
        const out = [];
        for (const item of items.items) {
            const name = (0, imap_parser_1.asAtom)(item)?.toUpperCase();
            if (name === 'MESSAGES')
                out.push(`MESSAGES ${ids.length}`);
            else if (name === 'RECENT')
                out.push('RECENT 0');
            else if (name === 'UIDNEXT')
                out.push(`UIDNEXT ${ctx.store.nextId}`);
            else if (name === 'UIDVALIDITY')
                out.push(`UIDVALIDITY ${ctx.store.uidValidity}`);
            else if (name === 'UNSEEN')
                out.push(`UNSEEN ${ids.filter((id) => !ctx.store.flags(user, id).has('\\Seen')).length}`);
            else
                return ctx.bad(`unknown STATUS item ${String(name).slice(0, 20)}`);
        }
        await ctx.send(`* STATUS "INBOX" (${out.join(' ')})`);
        await ctx.ok('STATUS completed');
    },
};
//# sourceMappingURL=status.command.js.map