"use strict";
/**
 * What a test or a developer usually wants from a verification mail: its links and its codes.
 * Both work on untrusted input, so the patterns are linear (no nested quantifiers) and bounded.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.extractLinks = extractLinks;
exports.extractCodes = extractCodes;
const MAX_INPUT = 1024 * 1024;
const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
/** Trailing characters that end a sentence rather than a URL. */
const TRAILING = /[.,;:!?)\]}>]+$/;
/**
 * A standalone code: 4–8 digits not glued to letters of any script, other digits, or the
 * punctuation of dates, times, decimals, phone numbers, URLs and query strings (`2026-11-21`,
 * `10:30`, `1.5`, `?code=`). Letters are Unicode (`\p{L}`), not just `\w`'s ASCII: a Korean date
 * "2026년 11월 22일" glues the year to 년, so 2026 is not a code.
 */
const CODE = /(?<![\p{L}\p{N}\p{M}_./:@#%+=&?-])\d{4,8}(?![\p{L}\p{N}\p{M}_/:@%+-]|[.,]\d)/gu;
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
function decodeEntities(value) {
    return value.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_m, name) => ENTITIES[name]);
}
function isWebUrl(value) {
    try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
    }
    catch {
        return false;
    }
}
/** http(s) URLs from the HTML hrefs, then from the text; de-duplicated, in order of appearance. */
function extractLinks(text, html) {
    const found = new Set();
    for (const match of (html ?? '').slice(0, MAX_INPUT).matchAll(HREF)) {
        const url = decodeEntities((match[1] ?? match[2] ?? match[3] ?? '').trim());
        if (isWebUrl(url))
            found.add(url);
    }
    for (const match of (text ?? '').slice(0, MAX_INPUT).matchAll(TEXT_URL)) {
        const url = match[0].replace(TRAILING, '');
        if (isWebUrl(url))
            found.add(url);
    }
    return [...found];
}
/** Standalone 4–8 digit codes in the subject and text; 6-digit ones first, else in order of appearance. */
function extractCodes(subject, text) {
    const found = new Set();
    for (const source of [subject ?? '', (text ?? '').slice(0, MAX_INPUT)]) {
        for (const match of source.matchAll(CODE))
            found.add(match[0]);
    }
    const codes = [...found];
    return [...codes.filter((c) => c.length === 6), ...codes.filter((c) => c.length !== 6)];
}
//# sourceMappingURL=extract.js.map