"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.noopCommand = void 0;
const imap_command_1 = require("../imap.command");
/** NOOP: the client's way to poll; reports other sessions' expunges and new mail. */
exports.noopCommand = {
    name: 'NOOP',
    states: imap_command_1.ANY_STATE,
    async run(ctx) {
        await ctx.reportChanges();
        await ctx.ok('NOOP completed');
    },
};
//# sourceMappingURL=noop.command.js.map