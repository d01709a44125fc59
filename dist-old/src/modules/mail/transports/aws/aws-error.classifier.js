"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.classifyAwsError = classifyAwsError;
const mail_transport_port_1 = require("../mail-transport.port");
/** "Slow down": the sending rate or quota, or an account whose sending is paused. */
const THROTTLED = new Set([
    'Throttling',
    'ThrottlingException',
    'TooManyRequestsException',
    'LimitExceededException',
    'SendingPausedException',
    'RequestLimitExceeded',
    'ThrottledException',
    'KMSThrottlingException',
]);
/** Our configuration (keys, permissions), not this message: held back like a dead Gmail grant. */
const CONFIG = new Set([
    'CredentialsProviderError',
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'ExpiredTokenException',
    'AccessDeniedException',
    'AuthorizationErrorException',
]);
const NETWORK = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
]);
/**
 * An AWS SDK failure (SES or SNS) → how the worker should treat it. The stored message is
 * `<service>: <ErrorName> (HTTP n)`, never the service's free text.
 * `permanent` holds the service's own "this request is wrong" errors; the caller adds its own list
 * (SES: MessageRejected, MailFromDomainNotVerifiedException …).
 */
function classifyAwsError(service, err, permanent, 
/** The service's own "your settings are wrong" errors (SNS: a topic that does not exist). */
configuration = new Set()) {
    const e = (err ?? {});
    const name = e.name ?? 'Error';
    const status = e.$metadata?.httpStatusCode;
    const what = `${service}: ${name}${status ? ` (HTTP ${status})` : ''}`;
    if (THROTTLED.has(name) || status === 429 || e.$retryable?.throttling)
        return new mail_transport_port_1.TransportError('throttled', `${what}: sending rate or quota exceeded`);
    if (CONFIG.has(name) || configuration.has(name) || status === 403)
        return new mail_transport_port_1.TransportError('throttled', `${what}: check the AWS credentials and permissions`);
    if (permanent.has(name))
        return new mail_transport_port_1.TransportError('permanent', `${what}: rejected`);
    const network = [e.code, name].find((c) => c !== undefined && NETWORK.has(c));
    if (network)
        return new mail_transport_port_1.TransportError('retryable', `network error talking to ${service}: ${network}`);
    if (name === 'TimeoutError' || name === 'RequestTimeout' || name === 'AbortError')
        return new mail_transport_port_1.TransportError('retryable', `${service}: no answer in time`);
    if (e.$fault === 'server' || (status !== undefined && status >= 500))
        return new mail_transport_port_1.TransportError('retryable', `${what}: service error`);
    if (e.$fault === 'client' || (status !== undefined && status >= 400))
        return new mail_transport_port_1.TransportError('permanent', `${what}: rejected`);
    return new mail_transport_port_1.TransportError('retryable', `${what}: unexpected failure`);
}
//# sourceMappingURL=aws-error.classifier.js.map