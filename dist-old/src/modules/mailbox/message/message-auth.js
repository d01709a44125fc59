"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkAuthentication = checkAuthentication;
const mailauth_1 = require("mailauth");
/** Runs mailauth's DKIM and SPF checks against the stored bytes, with the given resolver. */
async function checkAuthentication(raw, meta, resolve) {
    const result = (await (0, mailauth_1.authenticate)(raw, {
        ip: meta.clientAddress ?? '127.0.0.1',
        helo: meta.helo ?? 'localhost',
        sender: meta.sender,
        mta: 'mailgate.mailbox',
        resolver: resolve,
        disableArc: true,
        disableBimi: true,
        disableDmarc: true,
    }));
    const first = result.dkim?.results?.[0];
    return {
        dkim: first?.status?.result ?? 'none',
        dkimDomain: first?.signingDomain,
        spf: (result.spf && result.spf.status?.result) || 'none',
    };
}
//# sourceMappingURL=message-auth.js.map