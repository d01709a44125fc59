"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const verify_email_page_1 = require("./verify-email.page");
(0, node_test_1.describe)('verify pages', () => {
    (0, node_test_1.it)('escape everything that could open markup or an attribute', () => {
        strict_1.default.equal((0, verify_email_page_1.escapeHtml)(`<a href="x" onclick='y'>&\``), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
    });
    (0, node_test_1.it)('the confirm page is a POST form to the same path and holds no script', () => {
        const html = (0, verify_email_page_1.confirmPage)('en', 'abc_DEF-123');
        strict_1.default.match(html, /<form method="post" action="email-verify\?signupVerifyToken=abc_DEF-123">/);
        strict_1.default.match(html, /name="signupVerifyToken" value="abc_DEF-123"/);
        strict_1.default.doesNotMatch(html, /<script/i);
    });
    (0, node_test_1.it)('a hostile token or name is escaped, not rendered', () => {
        const html = (0, verify_email_page_1.confirmPage)('en', '"><script>alert(1)</script>');
        strict_1.default.doesNotMatch(html, /<script>/);
        strict_1.default.doesNotMatch((0, verify_email_page_1.outcomePage)('en', 'done', '<img src=x onerror=alert(1)>'), /<img/);
    });
    (0, node_test_1.it)('speaks Korean when asked', () => {
        strict_1.default.match((0, verify_email_page_1.confirmPage)('ko', 't'), /lang="ko"/);
        strict_1.default.match((0, verify_email_page_1.outcomePage)('ko', 'bad'), /만료/);
    });
    (0, node_test_1.it)('the CSP allows the inline style by hash and nothing else', () => {
        const csp = verify_email_page_1.PAGE_HEADERS['Content-Security-Policy'];
        strict_1.default.match(csp, /default-src 'none'/);
        strict_1.default.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
        strict_1.default.doesNotMatch(csp, /unsafe/);
    });
});
//# sourceMappingURL=verify-email.page.spec.js.map