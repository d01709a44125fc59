"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SELECTED = exports.AUTHENTICATED = exports.ANY_STATE = void 0;
exports.capabilities = capabilities;
exports.ANY_STATE = ['not-authenticated', 'authenticated', 'selected'];
exports.AUTHENTICATED = ['authenticated', 'selected'];
exports.SELECTED = ['selected'];
function capabilities(ctx) {
    const caps = ['IMAP4rev1', 'LITERAL+', 'SASL-IR', 'IDLE', 'UIDPLUS', 'AUTH=PLAIN'];
    if (ctx.state === 'not-authenticated' && ctx.tlsAvailable && !ctx.secure)
        caps.push('STARTTLS');
    return caps.join(' ');
}
//# sourceMappingURL=imap.command.js.map