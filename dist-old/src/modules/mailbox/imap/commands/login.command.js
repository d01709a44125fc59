"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loginCommand = void 0;
const imap_parser_1 = require("../imap.parser");
const credentials_1 = require("../credentials");
exports.loginCommand = {
    name: 'LOGIN',
    states: ['not-authenticated'],
    async run(ctx, args) {
        const user = (0, imap_parser_1.asString)(args[0]);
        const password = (0, imap_parser_1.asString)(args[1]);
        if (user === undefined || password === undefined || args.length !== 2)
            return ctx.bad('LOGIN needs a user name and a password');
        const address = (0, credentials_1.checkCredentials)(user, password, ctx.password);
        if (!address) {
            await ctx.no('[AUTHENTICATIONFAILED] Invalid credentials');
            return ctx.failedLogin();
        }
        ctx.login(address);
        await ctx.ok(`[CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UIDPLUS AUTH=PLAIN] Logged in`);
    },
};
//# sourceMappingURL=login.command.js.map