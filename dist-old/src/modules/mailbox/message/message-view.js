"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toListItem = toListItem;
exports.toMessageView = toMessageView;
exports.readAttachment = readAttachment;
const mailparser_1 = require("mailparser");
const extract_1 = require("./extract");
const message_auth_1 = require("./message-auth");
function toListItem(meta) {
    return {
        id: meta.id,
        from: meta.from,
        to: meta.recipients,
        subject: meta.subject,
        date: meta.date,
        size: meta.size,
    };
}
/**
 * mailparser hands raw header lines over as binary (latin1) strings; 8-bit headers are UTF-8 in
 * practice (RFC 6532), so reinterpret them when they decode cleanly, else leave them as they are.
 */
function utf8Header(value) {
    if (!/[\x80-\xff]/.test(value) || /[\u0100-\uffff]/.test(value))
        return value;
    const decoded = Buffer.from(value, 'latin1').toString('utf8');
    return decoded.includes('\uFFFD') ? value : decoded;
}
/** Parses the stored bytes and checks DKIM/SPF with `resolve` (see local-resolver.ts). */
async function toMessageView(meta, raw, resolve) {
    const [parsed, auth] = await Promise.all([
        (0, mailparser_1.simpleParser)(raw, { skipImageLinks: true, skipTextLinks: true }),
        (0, message_auth_1.checkAuthentication)(raw, meta, resolve).catch(() => ({ dkim: 'temperror', spf: 'temperror' })),
    ]);
    const headers = {};
    for (const { key, line } of parsed.headerLines) {
        const colon = line.indexOf(':');
        const value = (colon === -1 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim();
        (headers[key] ??= []).push(utf8Header(value));
    }
    const text = parsed.text ?? '';
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    const subject = parsed.subject ?? meta.subject;
    return {
        id: meta.id,
        from: meta.from,
        to: meta.recipients,
        subject,
        date: meta.date,
        headers,
        text,
        html,
        links: (0, extract_1.extractLinks)(text, html),
        codes: (0, extract_1.extractCodes)(subject, text),
        attachments: parsed.attachments.map((a, index) => ({
            index,
            filename: a.filename ?? `attachment-${index + 1}`,
            contentType: a.contentType,
            size: a.size,
        })),
        auth,
    };
}
/** One attachment's bytes, by its index in `attachments`. */
async function readAttachment(raw, index) {
    const parsed = await (0, mailparser_1.simpleParser)(raw, { skipImageLinks: true, skipTextLinks: true });
    const a = parsed.attachments[index];
    if (!a)
        return undefined;
    return {
        filename: a.filename ?? `attachment-${index + 1}`,
        contentType: a.contentType,
        content: a.content,
    };
}
//# sourceMappingURL=message-view.js.map