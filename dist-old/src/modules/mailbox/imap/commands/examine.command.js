"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.examineCommand = void 0;
const imap_command_1 = require("../imap.command");
const select_command_1 = require("./select.command");
exports.examineCommand = {
    name: 'EXAMINE',
    states: imap_command_1.AUTHENTICATED,
    run: (ctx, args) => (0, select_command_1.openMailbox)(ctx, args, true),
};
//# sourceMappingURL=examine.command.js.map