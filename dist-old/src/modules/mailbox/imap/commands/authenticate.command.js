"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.authenticateCommand = void 0;
const imap_parser_1 = require("../imap.parser");
const credentials_1 = require("../credentials");
/** AUTHENTICATE PLAIN (RFC 4616), with the initial response inline (SASL-IR) or after a `+`. */
exports.authenticateCommand = {
    name: 'AUTHENTICATE',
    states: ['not-authenticated'],
    async run(ctx, args) {
        if ((0, imap_parser_1.asAtom)(args[0])?.toUpperCase() !== 'PLAIN')
            return ctx.no('only AUTHENTICATE PLAIN is supported');
        let response = (0, imap_parser_1.asString)(args[1]);
        if (response === undefined) {
            await ctx.send('+ ');
            const line = await ctx.nextLine();
            response = line.map((c) => (typeof c === 'string' ? c : c.toString('latin1'))).join('');
        }
        if (response.trim() === '*')
            return ctx.bad('AUTHENTICATE cancelled');
        const decoded = response === '=' ? '' : Buffer.from(response.trim(), 'base64').toString('utf8');
        // authzid NUL authcid NUL password; an authzid other than the user itself is not allowed.
        const [authzid, user, password, extra] = decoded.split('\0');
        if (user === undefined || password === undefined || extra !== undefined)
            return ctx.bad('malformed PLAIN response');
        const address = (0, credentials_1.checkCredentials)(user, password, ctx.password);
        if (!address || (authzid && authzid.toLowerCase() !== address)) {
            await ctx.no('[AUTHENTICATIONFAILED] Invalid credentials');
            return ctx.failedLogin();
        }
        ctx.login(address);
        await ctx.ok('[CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UIDPLUS AUTH=PLAIN] Authenticated');
    },
};
//# sourceMappingURL=authenticate.command.js.map