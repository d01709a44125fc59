"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.contextOf = contextOf;
const mail_port_1 = require("../../mail/mail.port");
function contextOf(req) {
    return { ip: req.ip, locale: (0, mail_port_1.pickLocale)(req.headers['accept-language']) };
}
//# sourceMappingURL=request-context.js.map