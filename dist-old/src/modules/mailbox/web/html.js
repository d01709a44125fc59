"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.escapeHtml = escapeHtml;
exports.query = query;
const ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};
/** Every value from a message is untrusted: escape it for text and quoted attributes alike. */
function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
/** A query string from set values only. */
function query(params) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
        if (v !== undefined && v !== '')
            search.set(k, String(v));
    const s = search.toString();
    return s ? `?${s}` : '';
}
//# sourceMappingURL=html.js.map