"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.starttlsCommand = void 0;
exports.starttlsCommand = {
    name: 'STARTTLS',
    states: ['not-authenticated'],
    async run(ctx) {
        if (!ctx.tlsAvailable)
            return ctx.no('STARTTLS is not available (no certificate)');
        if (ctx.secure)
            return ctx.bad('TLS is already active');
        await ctx.ok('Begin TLS negotiation now');
        await ctx.startTls();
    },
};
//# sourceMappingURL=starttls.command.js.map