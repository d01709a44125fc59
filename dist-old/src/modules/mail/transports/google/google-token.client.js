"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GoogleTokenClient = exports.GOOGLE_TOKEN_URL = void 0;
exports.networkCode = networkCode;
const mail_transport_port_1 = require("../mail-transport.port");
const oauth_grant_state_1 = require("./oauth-grant.state");
exports.GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** A token this close to its expiry is refreshed first rather than sent and refused. */
const EXPIRY_SKEW_MS = 60_000;
const TIMEOUT_MS = 15_000;
/**
 * Access tokens for the Gmail REST API: the refresh-token grant (RFC 6749 §6) at GMAIL_ACCESS_URL,
 * form-encoded as Google documents it. One refresh at a time: concurrent sends wait for the same one.
 * Every new token is kept through the token store; a dead grant is reported through the grant state.
 */
class GoogleTokenClient {
    client;
    store;
    grant;
    current;
    refreshing;
    constructor(client, store, grant, initial) {
        this.client = client;
        this.store = store;
        this.grant = grant;
        this.current = initial;
    }
    /** A token that should still work: the current one, or a fresh one. */
    async token(now = Date.now()) {
        const t = this.current;
        if (t && (t.expires === 0 || t.expires - EXPIRY_SKEW_MS > now))
            return t.accessToken;
        return this.refresh();
    }
    /** A new token, even if the current one looks valid (the API just refused it). */
    refresh() {
        this.refreshing ??= this.fetchToken().finally(() => (this.refreshing = undefined));
        return this.refreshing;
    }
    async fetchToken() {
        if (this.grant.isDead)
            throw this.grant.failure();
        if (!this.client.refreshToken)
            throw new mail_transport_port_1.TransportError('throttled', 'the Gmail access token expired and GMAIL_REFRESH_TOKEN is not set');
        let res;
        try {
            res = await fetch(this.client.accessUrl ?? exports.GOOGLE_TOKEN_URL, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
                body: new URLSearchParams({
                    grant_type: 'refresh_token',
                    client_id: this.client.clientId,
                    client_secret: this.client.clientSecret,
                    refresh_token: this.client.refreshToken,
                }),
                signal: AbortSignal.timeout(TIMEOUT_MS),
            });
        }
        catch (err) {
            throw new mail_transport_port_1.TransportError('retryable', `could not reach the Google token endpoint: ${networkCode(err)}`);
        }
        const body = (await res.json().catch(() => ({})));
        if (res.ok && typeof body.access_token === 'string') {
            const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 0;
            this.current = {
                accessToken: body.access_token,
                expires: expiresIn ? Date.now() + expiresIn * 1000 : 0,
            };
            this.store.save(this.current);
            return this.current.accessToken;
        }
        const error = typeof body.error === 'string' ? body.error : '';
        if ((0, oauth_grant_state_1.isDeadGrantError)(error)) {
            this.grant.markDead(error);
            throw this.grant.failure();
        }
        // 5xx, 429 or an answer we do not understand: Google's side, worth another try later.
        throw new mail_transport_port_1.TransportError('retryable', `the Google token endpoint answered HTTP ${res.status}${error ? ` (${error})` : ''}`);
    }
}
exports.GoogleTokenClient = GoogleTokenClient;
/** The system error code under a fetch failure (undici puts it on `cause`), or the error's name. */
function networkCode(err) {
    const e = err;
    return (e.cause?.code ?? e.code ?? (e.name === 'TimeoutError' ? 'timeout' : (e.cause?.name ?? e.name ?? 'error')));
}
//# sourceMappingURL=google-token.client.js.map