"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.closeCommand = void 0;
const imap_command_1 = require("../imap.command");
const expunge_command_1 = require("./expunge.command");
/** CLOSE: expunges \Deleted messages without reporting them (not in a read-only session). */
exports.closeCommand = {
    name: 'CLOSE',
    states: imap_command_1.SELECTED,
    async run(ctx) {
        if (!ctx.mailbox?.readOnly)
            await (0, expunge_command_1.expungeDeleted)(ctx);
        ctx.select(undefined);
        await ctx.ok('CLOSE completed');
    },
};
//# sourceMappingURL=close.command.js.map