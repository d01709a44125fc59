"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLocalResolver = createLocalResolver;
const node_crypto_1 = require("node:crypto");
function notFound(name) {
    return Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
}
/**
 * The dev mailbox checks DKIM and SPF without the network: this resolver answers from what mailgate
 * itself knows — the public half of its DKIM key, and an SPF record saying that mail for MAIL_FROM's
 * domain comes from loopback — as the user's real DNS should once deployed. Every other name is
 * "not found", so a stranger's signature shows as unverifiable rather than as a pass.
 */
function createLocalResolver(records) {
    const txt = new Map();
    if (records.dkim) {
        const spki = (0, node_crypto_1.createPublicKey)(records.dkim.privateKey).export({ type: 'spki', format: 'der' });
        const name = `${records.dkim.selector}._domainkey.${records.dkim.domain}`.toLowerCase();
        txt.set(name, [[`v=DKIM1; k=rsa; p=${spki.toString('base64')}`]]);
    }
    if (records.senderDomain)
        txt.set(records.senderDomain.toLowerCase(), [['v=spf1 ip4:127.0.0.0/8 ip6:::1 -all']]);
    return async (name, rrtype) => {
        const answer = rrtype === 'TXT' ? txt.get(name.toLowerCase().replace(/\.$/, '')) : undefined;
        if (!answer)
            throw notFound(name);
        return answer;
    };
}
//# sourceMappingURL=local-resolver.js.map