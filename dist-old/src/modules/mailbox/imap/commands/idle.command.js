"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.idleCommand = void 0;
const imap_command_1 = require("../imap.command");
/**
 * IDLE (RFC 2177): `+ idling`, then new mail is pushed as `* n EXISTS` the moment the store
 * commits it (the store's onAppend event, no polling), until the client sends DONE.
 */
exports.idleCommand = {
    name: 'IDLE',
    states: imap_command_1.AUTHENTICATED,
    async run(ctx) {
        await ctx.reportChanges();
        await ctx.send('+ idling');
        let pushing = Promise.resolve();
        const user = ctx.user;
        const unsubscribe = ctx.store.onAppend((m) => {
            if (!ctx.mailbox || !user || !m.recipients.includes(user))
                return;
            // Chained so reports never interleave; a failure here only means the client has gone.
            pushing = pushing.then(() => ctx.reportChanges()).catch(() => undefined);
        });
        try {
            const line = await ctx.nextLine();
            const text = line.map((c) => (typeof c === 'string' ? c : '')).join('');
            await pushing;
            if (text.trim().toUpperCase() !== 'DONE')
                return await ctx.bad('expected DONE');
        }
        finally {
            unsubscribe();
        }
        await ctx.ok('IDLE terminated');
    },
};
//# sourceMappingURL=idle.command.js.map