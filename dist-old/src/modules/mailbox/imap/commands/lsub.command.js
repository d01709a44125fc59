"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lsubCommand = void 0;
const imap_command_1 = require("../imap.command");
const list_command_1 = require("./list.command");
/** LSUB: INBOX is always subscribed. */
exports.lsubCommand = {
    name: 'LSUB',
    states: imap_command_1.AUTHENTICATED,
    run: (ctx, args) => (0, list_command_1.listMailboxes)(ctx, args, 'LSUB'),
};
//# sourceMappingURL=lsub.command.js.map