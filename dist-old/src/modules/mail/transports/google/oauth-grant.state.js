"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OAuthGrantState = exports.DEAD_GRANT_ERRORS = void 0;
exports.isDeadGrantError = isDeadGrantError;
const mail_transport_port_1 = require("../mail-transport.port");
/** OAuth2 token-endpoint errors (RFC 6749 §5.2) that no retry can fix: the settings must change. */
exports.DEAD_GRANT_ERRORS = ['invalid_grant', 'invalid_client', 'unauthorized_client'];
function isDeadGrantError(value) {
    return exports.DEAD_GRANT_ERRORS.includes(value);
}
const EXPLAIN = {
    invalid_grant: 'Google refused GMAIL_REFRESH_TOKEN (invalid_grant): the grant was revoked or has expired. ' +
        'Re-consent (e.g. in the OAuth 2.0 Playground with the scope https://mail.google.com/), put the new ' +
        'refresh token in GMAIL_REFRESH_TOKEN and restart. Refresh tokens of OAuth apps whose consent screen ' +
        'is in "Testing" publishing status expire after 7 days: publish the app ("In production") for ' +
        'long-lived tokens. Mail is held back (throttled) until then.',
    invalid_client: 'Google refused GMAIL_CLIENT_ID / GMAIL_CLIENT_SECRET (invalid_client): check the OAuth client ' +
        'credentials, then restart. Mail is held back (throttled) until then.',
    unauthorized_client: 'Google says this OAuth client may not use the refresh token (unauthorized_client): the token was ' +
        'issued to another client. Re-consent with this client and restart. Mail is held back (throttled) until then.',
};
/**
 * Whether the Gmail grant still works, shared by a transport and its /health check. Once Google has
 * said the grant is dead, every send fails fast without calling Google again: the fix is new settings
 * and a restart, and hammering the token endpoint would only add noise (and risk its rate limit).
 */
class OAuthGrantState {
    dead;
    get isDead() {
        return this.dead !== undefined;
    }
    markDead(error) {
        this.dead = error;
    }
    health(okDetail) {
        return this.dead ? { ok: false, detail: EXPLAIN[this.dead] } : { ok: true, detail: okDetail };
    }
    /**
     * The error sends get while the grant is dead. `throttled`, not `permanent`: the message is fine and
     * the fault is ours, so it is kept for the slowest retry the worker has (at least 30 s apart) rather
     * than failed at once; /health is what tells the operator. See docs/mail.md for the trade-off.
     */
    failure() {
        return new mail_transport_port_1.TransportError('throttled', `Gmail OAuth2 grant rejected (${this.dead ?? 'unknown'}): re-consent needed, see /health`);
    }
}
exports.OAuthGrantState = OAuthGrantState;
//# sourceMappingURL=oauth-grant.state.js.map