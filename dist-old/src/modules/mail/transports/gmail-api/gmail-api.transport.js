"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GmailApiTransport = void 0;
const gmail_token_store_1 = require("../google/gmail-token.store");
const google_token_client_1 = require("../google/google-token.client");
const oauth_grant_state_1 = require("../google/oauth-grant.state");
const mail_transport_port_1 = require("../mail-transport.port");
const raw_message_composer_1 = require("../nodemailer/raw-message.composer");
const gmail_api_error_classifier_1 = require("./gmail-api-error.classifier");
const SEND_PATH = '/gmail/v1/users/me/messages/send';
const TIMEOUT_MS = 30_000;
/** A Retry-After up to this long is waited out inside the send; a longer one goes back to the worker. */
const INLINE_WAIT_MAX_MS = 5_000;
const INLINE_RETRIES = 2;
/**
 * MAIL_TRANSPORT=gmail-api: `POST /gmail/v1/users/me/messages/send` with `{raw: base64url(RFC 5322)}`,
 * the message built by the shared composer (our Message-ID and header encoding), authorised with a
 * Bearer access token from the refresh-token grant. A 401 refreshes the token once and tries again.
 */
class GmailApiTransport {
    sleep;
    name = 'gmail-api';
    grant = new oauth_grant_state_1.OAuthGrantState();
    tokens;
    composer;
    sendUrl;
    constructor(config, 
    /** Waits between inline retries; replaced in tests. */
    sleep = (ms) => new Promise((r) => setTimeout(r, ms))) {
        this.sleep = sleep;
        const g = config.mail.gmail;
        if (!g.user || !g.clientId || !g.clientSecret)
            throw new Error('GMAIL_USER, GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET are required when MAIL_TRANSPORT=gmail-api');
        const store = new gmail_token_store_1.GmailTokenStore(config.dataDir, { user: g.user, clientId: g.clientId });
        this.tokens = new google_token_client_1.GoogleTokenClient({
            clientId: g.clientId,
            clientSecret: g.clientSecret,
            refreshToken: g.refreshToken,
            accessUrl: g.accessUrl,
        }, store, this.grant, (0, gmail_token_store_1.initialToken)(g, store.load()));
        this.composer = new raw_message_composer_1.RawMessageComposer(config.mail.dkim);
        this.sendUrl = `${g.apiUrl}${SEND_PATH}`;
    }
    async send(mail) {
        if (this.grant.isDead)
            throw this.grant.failure();
        const raw = (await this.composer.compose(mail)).toString('base64url');
        let refreshed = false;
        for (let attempt = 0;; attempt++) {
            const token = refreshed ? await this.tokens.refresh() : await this.tokens.token();
            const res = await this.post(token, raw);
            if (res.ok) {
                const body = (await res.json().catch(() => ({})));
                const id = typeof body.id === 'string' ? body.id : 'unknown';
                return { accepted: [mail.to.address], response: `Gmail API accepted, id ${id}` };
            }
            // The token was refused (revoked, or expired early): refresh once, then it is an auth failure.
            if (res.status === 401 && !refreshed) {
                refreshed = true;
                await res.body?.cancel();
                continue;
            }
            const failure = await (0, gmail_api_error_classifier_1.classifyGmailApiReply)(res);
            // 429 and 5xx: Google's Retry-After when it sent one, else a short doubling pause.
            const wait = failure.retryAfterMs ?? 500 * 2 ** attempt;
            if (failure.kind !== 'permanent' && attempt < INLINE_RETRIES && wait <= INLINE_WAIT_MAX_MS) {
                await this.sleep(wait);
                continue;
            }
            throw failure;
        }
    }
    health() {
        return this.grant.health(`gmail api ${new URL(this.sendUrl).host}`);
    }
    async close() { }
    async post(token, raw) {
        try {
            return await fetch(this.sendUrl, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ raw }),
                signal: AbortSignal.timeout(TIMEOUT_MS),
            });
        }
        catch (err) {
            throw new mail_transport_port_1.TransportError('retryable', `network error talking to the Gmail API: ${(0, google_token_client_1.networkCode)(err)}`);
        }
    }
}
exports.GmailApiTransport = GmailApiTransport;
//# sourceMappingURL=gmail-api.transport.js.map