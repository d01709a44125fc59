"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.classifySmtpError = classifySmtpError;
const mail_transport_port_1 = require("../mail-transport.port");
/** Network failures worth another try: the server may be back in a moment. */
const NETWORK = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ECONNECTION',
    'ESOCKET',
    'EDNS',
]);
/**
 * Classifies an SMTP failure once, here, so the worker never guesses. The message stored and logged
 * is ours (code and command), never the server's free text: a provider's answer can echo an
 * address, a token or a credential hint, and attempts are readable through GET /emails/:id.
 */
function classifySmtpError(err) {
    const e = (err ?? {});
    const reply = e.responseCode ?? e.rejectedErrors?.find((r) => r.responseCode)?.responseCode;
    const where = e.command ? ` (after ${e.command.split(' ')[0].toUpperCase()})` : '';
    if (typeof reply === 'number') {
        if (reply === 454)
            return new mail_transport_port_1.TransportError('throttled', `SMTP ${reply}: server asked to slow down${where}`);
        if (reply >= 400 && reply < 500)
            return new mail_transport_port_1.TransportError('retryable', `SMTP ${reply}: temporary failure${where}`);
        if (reply >= 500 && reply < 600) {
            // RFC 3463 5.1.1 "bad destination mailbox address": the one 5xx that is about the recipient
            // itself. Read from the reply, but only this verdict is kept, never the reply's text.
            const replies = [e.response, ...(e.rejectedErrors ?? []).map((r) => r.response)];
            if (replies.some((r) => typeof r === 'string' && /^5\d\d[ -]5\.1\.1\b/.test(r)))
                return new mail_transport_port_1.HardBounceError(`SMTP ${reply}: recipient unknown (5.1.1)${where}`);
            const what = e.code === 'EAUTH' ? 'authentication rejected' : 'rejected';
            return new mail_transport_port_1.TransportError('permanent', `SMTP ${reply}: ${what}${where}`);
        }
    }
    if (e.code === 'EENVELOPE')
        return new mail_transport_port_1.TransportError('permanent', 'invalid envelope: no valid recipient or sender address');
    if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
        return new mail_transport_port_1.TransportError('permanent', 'SMTP authentication failed: check the credentials in SMTP_URL');
    if (e.code === 'ETLS')
        return new mail_transport_port_1.TransportError('retryable', 'TLS handshake with the SMTP server failed');
    const network = [e.originalCode, e.code].find((c) => c !== undefined && NETWORK.has(c));
    if (network)
        return new mail_transport_port_1.TransportError('retryable', `network error talking to the SMTP server: ${network}`);
    if (e.code === 'EMESSAGE' || e.code === 'ESTREAM')
        return new mail_transport_port_1.TransportError('permanent', `the message could not be built: ${e.code}`);
    return new mail_transport_port_1.TransportError('retryable', `SMTP send failed: ${e.code ?? 'unknown error'}`);
}
//# sourceMappingURL=smtp-error.classifier.js.map