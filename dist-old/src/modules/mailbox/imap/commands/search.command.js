"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.searchCommand = void 0;
const imap_command_1 = require("../imap.command");
const search_1 = require("../search");
exports.searchCommand = {
    name: 'SEARCH',
    states: imap_command_1.SELECTED,
    uid: true,
    async run(ctx, args) {
        const view = ctx.mailbox;
        if (!view)
            return ctx.bad('no mailbox selected');
        let criterion;
        try {
            criterion = (0, search_1.parseSearch)(args, { maxSeq: view.exists, maxUid: view.maxUid });
        }
        catch (err) {
            if (err instanceof search_1.SearchSyntaxError)
                return err.message.startsWith('[') ? ctx.no(err.message) : ctx.bad(err.message);
            throw err;
        }
        const found = [];
        for (const { seq, uid } of view.all()) {
            const meta = ctx.store.get(uid);
            if (meta && (0, search_1.matches)(criterion, { seq, uid, meta, flags: view.flags(uid) }))
                found.push(ctx.byUid ? uid : seq);
        }
        await ctx.send(`* SEARCH${found.map((n) => ` ${n}`).join('')}`);
        await ctx.ok(`${ctx.byUid ? 'UID ' : ''}SEARCH completed`);
    },
};
//# sourceMappingURL=search.command.js.map