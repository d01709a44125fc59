"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.logoutCommand = void 0;
const imap_command_1 = require("../imap.command");
exports.logoutCommand = {
    name: 'LOGOUT',
    states: imap_command_1.ANY_STATE,
    async run(ctx) {
        await ctx.send('* BYE mailgate dev mailbox logging out');
        await ctx.ok('LOGOUT completed');
        ctx.logout();
    },
};
//# sourceMappingURL=logout.command.js.map