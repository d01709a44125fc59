"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SNIPPET_CHARS = void 0;
exports.addressText = addressText;
exports.roughHtmlText = roughHtmlText;
exports.summarize = summarize;
const mailparser_1 = require("mailparser");
/** How much of the text body is kept in memory for `q` search (documented in docs/mailbox.md). */
exports.SNIPPET_CHARS = 1024;
/** `"Name" <a@b>, c@d` for display; the parsed text mailparser already decoded. */
function addressText(value) {
    if (!value)
        return '';
    return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}
/** Tags dropped, entities for spaces undone: only good enough to search an HTML-only message. */
function roughHtmlText(html) {
    return html
        .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&nbsp;/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
}
/**
 * Reads the headers and text of a message as it is stored, streaming: attachments are drained
 * and never held, so summarising a 25 MiB message costs no more memory than a small one.
 */
function summarize(source, sender, receivedAt) {
    return new Promise((resolve, reject) => {
        const parser = new mailparser_1.MailParser({
            skipHtmlToText: true,
            skipTextToHtml: true,
            skipTextLinks: true,
            skipImageLinks: true,
        });
        let subject = '';
        let from = '';
        let toHeader = '';
        let date;
        let text = '';
        let html = '';
        parser.on('headers', (headers) => {
            subject = typeof headers.get('subject') === 'string' ? headers.get('subject') : '';
            from = addressText(headers.get('from'));
            toHeader = addressText(headers.get('to'));
            const d = headers.get('date');
            date = d instanceof Date && !Number.isNaN(d.getTime()) ? d : undefined;
        });
        parser.on('data', (data) => {
            if (data.type === 'attachment') {
                data.content.on('end', () => data.release());
                data.content.resume();
                return;
            }
            if (typeof data.text === 'string')
                text = data.text;
            if (typeof data.html === 'string')
                html = data.html;
        });
        parser.on('error', reject);
        parser.on('end', () => resolve({
            from: from || sender,
            toHeader,
            subject,
            date: (date ?? receivedAt).toISOString(),
            snippet: (text || roughHtmlText(html)).slice(0, exports.SNIPPET_CHARS).toLowerCase(),
        }));
        source.on('error', reject);
        source.pipe(parser);
    });
}
//# sourceMappingURL=message-summary.js.map