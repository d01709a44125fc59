"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.listCommand = void 0;
exports.matchesPattern = matchesPattern;
exports.listMailboxes = listMailboxes;
const imap_command_1 = require("../imap.command");
const imap_parser_1 = require("../imap.parser");
/** LIST/LSUB pattern match: `*` matches anything, `%` anything but the hierarchy delimiter. */
function matchesPattern(reference, pattern, name) {
    const full = reference + pattern;
    const re = full
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/%/g, '[^/]*');
    return new RegExp(`^${re}$`, 'i').test(name);
}
async function listMailboxes(ctx, args, verb) {
    const reference = (0, imap_parser_1.asString)(args[0]);
    const pattern = (0, imap_parser_1.asString)(args[1]);
    if (reference === undefined || pattern === undefined || args.length !== 2)
        return ctx.bad(`${verb} needs a reference and a mailbox pattern`);
    // An empty pattern asks for the hierarchy delimiter (RFC 3501 §6.3.8).
    if (verb === 'LIST' && pattern === '')
        await ctx.send('* LIST (\\Noselect) "/" ""');
    else if (matchesPattern(reference, pattern, 'INBOX'))
        await ctx.send(`* ${verb} (\\HasNoChildren) "/" "INBOX"`);
    await ctx.ok(`${verb} completed`);
}
exports.listCommand = {
    name: 'LIST',
    states: imap_command_1.AUTHENTICATED,
    run: (ctx, args) => listMailboxes(ctx, args, 'LIST'),
};
//# sourceMappingURL=list.command.js.map