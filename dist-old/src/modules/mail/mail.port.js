"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SUPPRESSION_LIST = exports.SUPPRESSION_REASONS = exports.MAIL_COURIER = exports.MESSAGE_STATUSES = exports.MailRejectedError = exports.MAIL_OUTBOX = exports.LOCALES = void 0;
exports.pickLocale = pickLocale;
/**
 * The mail module's public surface. Features never send mail: they enqueue a message in the
 * same transaction as the state change that causes it (the transactional outbox), and the
 * worker renders and delivers it after commit, so no HTTP request ever waits on SMTP.
 */
exports.LOCALES = ['en', 'ko'];
exports.MAIL_OUTBOX = Symbol('MailOutbox');
/**
 * Thrown by the outbox when a message could never be delivered as asked (an unknown template, a
 * value it lacks, an unsupported locale). `field` names the request field, for a 400.
 */
class MailRejectedError extends Error {
    field;
    name = 'MailRejectedError';
    constructor(field, message) {
        super(message);
        this.field = field;
    }
}
exports.MailRejectedError = MailRejectedError;
exports.MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'retrying', 'failed', 'suppressed'];
exports.MAIL_COURIER = Symbol('MailCourier');
exports.SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'manual'];
exports.SUPPRESSION_LIST = Symbol('SuppressionList');
/** Picks the best supported locale from an Accept-Language header, else the default. */
function pickLocale(acceptLanguage, fallback = 'en') {
    if (!acceptLanguage)
        return fallback;
    const ranked = acceptLanguage
        .split(',')
        .map((part, index) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const weight = q === undefined ? 1 : Number(q.slice(2));
        return {
            lang: tag.trim().toLowerCase().split('-')[0],
            weight: Number.isFinite(weight) ? weight : 0,
            index,
        };
    })
        .filter((r) => r.weight > 0)
        .sort((a, b) => b.weight - a.weight || a.index - b.index);
    for (const r of ranked)
        if (exports.LOCALES.includes(r.lang))
            return r.lang;
    return fallback;
}
//# sourceMappingURL=mail.port.js.map