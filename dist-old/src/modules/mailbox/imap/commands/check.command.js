"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkCommand = void 0;
const imap_command_1 = require("../imap.command");
/** CHECK: every change is already durable (the store fsyncs before answering), so this only reports news. */
exports.checkCommand = {
    name: 'CHECK',
    states: imap_command_1.SELECTED,
    async run(ctx) {
        await ctx.reportChanges();
        await ctx.ok('CHECK completed');
    },
};
//# sourceMappingURL=check.command.js.map