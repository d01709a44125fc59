"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TemplateError = void 0;
exports.variablesOf = variablesOf;
exports.escapeHtml = escapeHtml;
exports.cleanHeaderText = cleanHeaderText;
exports.renderTemplate = renderTemplate;
class TemplateError extends Error {
    name = 'TemplateError';
}
exports.TemplateError = TemplateError;
/**
 * `{{ name }}` inserts a value; `{{ name | datetime }}` shows an ISO time as a date and time in UTC
 * with the zone named; `{{ name | duration }}` shows how long from the moment the mail was queued
 * until that time ("24 hours", "30분"); `{{ name | greeting }}` is the locale's salutation with the name,
 * or without it when the name is empty ("Hello Ada," / "Hello,"). Nothing else: templates hold no logic.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;
const FILTERS = ['datetime', 'duration', 'greeting'];
/** The variable names a template uses, so the outbox can refuse a message that would not render. */
function variablesOf(template) {
    const names = new Set();
    for (const source of Object.values(template))
        for (const part of [source.subject, source.html, source.text])
            for (const m of part.matchAll(PLACEHOLDER))
                names.add(m[1]);
    return names;
}
const HTML_ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
    '`': '&#96;',
};
/** Escapes for both element content and quoted attribute values (links go into href="…"). */
function escapeHtml(value) {
    return value.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}
/**
 * For text that ends up in a header (a subject, a display name): CR/LF would start a new header line,
 * and other control characters have no business there either. nodemailer encodes headers too; this
 * is the belt to its braces.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
function cleanHeaderText(value) {
    return value.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}
const DATE_LOCALES = { en: 'en-GB', ko: 'ko-KR' };
/**
 * Intl formatters are costly to build (about 0.25 ms each, measured in bench/) and every signup
 * renders several: one per locale and unit, made once and reused.
 */
const dateFormats = new Map();
const unitFormats = new Map();
function dateFormat(locale) {
    let format = dateFormats.get(locale);
    if (!format) {
        format = new Intl.DateTimeFormat(DATE_LOCALES[locale], {
            dateStyle: 'long',
            timeStyle: 'short',
            timeZone: 'UTC',
            hourCycle: 'h23',
        });
        dateFormats.set(locale, format);
    }
    return format;
}
function unitFormat(locale, unit) {
    const key = `${locale}:${unit}`;
    let format = unitFormats.get(key);
    if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });
        unitFormats.set(key, format);
    }
    return format;
}
function formatDatetime(iso, locale) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime()))
        throw new TemplateError(`not an ISO time: ${JSON.stringify(iso)}`);
    return `${dateFormat(locale).format(date)} UTC`;
}
function formatDuration(iso, issuedAt, locale) {
    const until = new Date(iso).getTime();
    if (Number.isNaN(until))
        throw new TemplateError(`not an ISO time: ${JSON.stringify(iso)}`);
    const minutes = Math.max(1, Math.round((until - issuedAt.getTime()) / 60_000));
    const [amount, unit] = minutes >= 2 * 24 * 60 && minutes % (24 * 60) === 0
        ? [minutes / (24 * 60), 'day']
        : minutes >= 60 && minutes % 60 === 0
            ? [minutes / 60, 'hour']
            : minutes >= 120
                ? [Math.round(minutes / 60), 'hour']
                : [minutes, 'minute'];
    return unitFormat(locale, unit).format(amount);
}
const GREETINGS = {
    en: (name) => (name ? `Hello ${name},` : 'Hello,'),
    ko: (name) => (name ? `${name}님, 안녕하세요.` : '안녕하세요.'),
};
function valueFor(name, filter, values, locale, issuedAt) {
    const raw = values[name];
    if (raw === undefined)
        throw new TemplateError(`no value for {{${name}}}`);
    if (filter === undefined)
        return String(raw);
    if (!FILTERS.includes(filter))
        throw new TemplateError(`unknown filter "${filter}"`);
    switch (filter) {
        case 'datetime':
            return formatDatetime(String(raw), locale);
        case 'duration':
            return formatDuration(String(raw), issuedAt, locale);
        case 'greeting':
            return GREETINGS[locale](String(raw).trim());
    }
}
function fill(part, encode, values, locale, issuedAt) {
    return part.replace(PLACEHOLDER, (_m, name, filter) => encode(valueFor(name, filter, values, locale, issuedAt)));
}
/**
 * Renders one locale of a template. Values are HTML-escaped in the HTML part, left as they are in
 * the text part (plain text has no markup to break), and the subject is stripped of control
 * characters after filling. `issuedAt` (when the message was queued) anchors `| duration`, so a
 * retry an hour later still says "24 hours" — the same mail, whenever it goes out.
 */
function renderTemplate(template, locale, values, issuedAt) {
    const source = template[locale] ?? template.en;
    return {
        subject: cleanHeaderText(fill(source.subject, (v) => v, values, locale, issuedAt)),
        html: fill(source.html, escapeHtml, values, locale, issuedAt),
        text: fill(source.text, (v) => v, values, locale, issuedAt),
    };
}
//# sourceMappingURL=template.renderer.js.map