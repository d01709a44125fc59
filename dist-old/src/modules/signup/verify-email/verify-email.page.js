"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PAGE_HEADERS = void 0;
exports.escapeHtml = escapeHtml;
exports.confirmPage = confirmPage;
exports.outcomePage = outcomePage;
const node_crypto_1 = require("node:crypto");
/**
 * The HTML side of email verification. The GET page changes nothing: mail scanners and link
 * previewers open links, so only the button (a POST) consumes the challenge.
 */
const STYLE = 'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}' +
    'button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#2456d3;color:#fff;cursor:pointer}';
/** The one inline style is allowed by its hash; no script, no outside resource, no framing. */
exports.PAGE_HEADERS = {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex, nofollow',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': [
        "default-src 'none'",
        `style-src 'sha256-${(0, node_crypto_1.createHash)('sha256').update(STYLE).digest('base64')}'`,
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ].join('; '),
};
const TEXT = {
    en: {
        confirmTitle: 'Confirm your email address',
        confirmBody: 'Press the button to finish creating your account.',
        button: 'Confirm my email',
        doneTitle: 'Your account is ready',
        doneBody: 'Thanks, {name}. Your email address is confirmed and you can sign in now.',
        usedTitle: 'Already confirmed',
        usedBody: 'This link has already been used. You can sign in with your email and password.',
        badTitle: 'This link does not work',
        badBody: 'It is invalid or has expired. Sign up again or ask for a new message.',
        busyTitle: 'Please try again shortly',
        busyBody: 'We could not confirm your address right now.',
    },
    ko: {
        confirmTitle: '이메일 주소 확인',
        confirmBody: '아래 버튼을 누르면 회원가입이 완료됩니다.',
        button: '이메일 확인하기',
        doneTitle: '회원가입이 완료되었습니다',
        doneBody: '{name}님, 이메일 주소가 확인되었습니다. 이제 로그인할 수 있습니다.',
        usedTitle: '이미 확인된 링크입니다',
        usedBody: '이 링크는 이미 사용되었습니다. 이메일과 비밀번호로 로그인하세요.',
        badTitle: '사용할 수 없는 링크입니다',
        badBody: '링크가 잘못되었거나 만료되었습니다. 다시 가입하거나 인증 메일을 다시 요청하세요.',
        busyTitle: '잠시 후 다시 시도해 주세요',
        busyBody: '지금은 이메일 주소를 확인할 수 없습니다.',
    },
};
function escapeHtml(s) {
    return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
function layout(locale, title, body) {
    return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>
`;
}
/**
 * The confirm page. The form posts to this same path (relative action, so it works behind any
 * PUBLIC_URL prefix) and carries the token in its body rather than only in the URL.
 */
function confirmPage(locale, token) {
    const t = TEXT[locale];
    return layout(locale, t.confirmTitle, `<p>${escapeHtml(t.confirmBody)}</p>
<form method="post" action="email-verify?signupVerifyToken=${encodeURIComponent(token)}">
<input type="hidden" name="signupVerifyToken" value="${escapeHtml(token)}">
<button type="submit">${escapeHtml(t.button)}</button></form>`);
}
function outcomePage(locale, outcome, name = '') {
    const t = TEXT[locale];
    const [title, body] = {
        done: [t.doneTitle, t.doneBody],
        used: [t.usedTitle, t.usedBody],
        bad: [t.badTitle, t.badBody],
        busy: [t.busyTitle, t.busyBody],
    }[outcome];
    return layout(locale, title, `<p>${escapeHtml(body).replace('{name}', escapeHtml(name))}</p>`);
}
//# sourceMappingURL=verify-email.page.js.map