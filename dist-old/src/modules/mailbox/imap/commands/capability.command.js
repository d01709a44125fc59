"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.capabilityCommand = void 0;
const imap_command_1 = require("../imap.command");
exports.capabilityCommand = {
    name: 'CAPABILITY',
    states: imap_command_1.ANY_STATE,
    async run(ctx) {
        await ctx.send(`* CAPABILITY ${(0, imap_command_1.capabilities)(ctx)}`);
        await ctx.ok('CAPABILITY completed');
    },
};
//# sourceMappingURL=capability.command.js.map