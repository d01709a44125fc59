"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HardBounceError = exports.MAIL_TRANSPORT = exports.TransportError = void 0;
class TransportError extends Error {
    kind;
    retryAfterMs;
    name = 'TransportError';
    constructor(kind, 
    /** Our own description, safe to store and show: never the provider's raw error or a credential. */
    message, 
    /** The provider's own "try again after" (HTTP Retry-After), when it gave one: a floor for the next try. */
    retryAfterMs) {
        super(message);
        this.kind = kind;
        this.retryAfterMs = retryAfterMs;
    }
}
exports.TransportError = TransportError;
exports.MAIL_TRANSPORT = Symbol('MailTransport');
/**
 * A permanent failure because the recipient's mailbox does not exist (SMTP 550 5.1.1, a provider's
 * hard bounce): the worker also puts the address on the suppression list. Any other permanent
 * failure (policy, content, credentials) leaves the address alone.
 */
class HardBounceError extends TransportError {
    name = 'HardBounceError';
    constructor(message) {
        super('permanent', message);
    }
}
exports.HardBounceError = HardBounceError;
//# sourceMappingURL=mail-transport.port.js.map