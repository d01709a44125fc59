"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const mail_port_1 = require("../mail.port");
const template_registry_1 = require("./template.registry");
const template_renderer_1 = require("./template.renderer");
const issuedAt = new Date('2026-11-21T20:00:00Z');
const values = {
    name: `<script>alert("x")</script> O'Neil`,
    link: 'https://mailgate.test/users/email-verify?signupVerifyToken=tok_123&x="y"',
    code: '042137',
    linkExpiresAt: '2026-11-22T20:00:00.000Z',
    codeExpiresAt: '2026-11-21T20:30:00.000Z',
};
function verify() {
    const t = (0, template_registry_1.findTemplate)('signup-verify');
    strict_1.default.ok(t);
    return t;
}
(0, node_test_1.describe)('template renderer', () => {
    (0, node_test_1.it)('escapes markup and quotes in the HTML part', () => {
        const { html } = (0, template_renderer_1.renderTemplate)(verify(), 'en', values, issuedAt);
        strict_1.default.equal(html.includes('<script>'), false);
        strict_1.default.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Neil'));
        // The link lands in href="…": its quote must not close the attribute.
        strict_1.default.ok(html.includes('href="https://mailgate.test/users/email-verify?signupVerifyToken=tok_123&amp;x=&quot;y&quot;"'));
    });
    (0, node_test_1.it)('leaves values as they are in the text part, with the code and the link', () => {
        const { text } = (0, template_renderer_1.renderTemplate)(verify(), 'en', values, issuedAt);
        strict_1.default.ok(text.includes(`Hello <script>alert("x")</script> O'Neil,`));
        strict_1.default.ok(text.includes(values.link));
        strict_1.default.ok(text.includes('    042137'));
    });
    (0, node_test_1.it)('says when the link and the code expire, in both locales', () => {
        const en = (0, template_renderer_1.renderTemplate)(verify(), 'en', values, issuedAt);
        strict_1.default.ok(en.text.includes('The link works for 24 hours (until 22 November 2026 at 20:00 UTC).'));
        strict_1.default.ok(en.text.includes('The code works for 30 minutes (until 21 November 2026 at 20:30 UTC).'));
        const ko = (0, template_renderer_1.renderTemplate)(verify(), 'ko', values, issuedAt);
        strict_1.default.ok(ko.text.includes('링크는 24시간 동안(2026년 11월 22일 20:00 UTC까지)'), ko.text);
        strict_1.default.ok(ko.text.includes('코드는 30분 동안'));
        strict_1.default.ok(ko.html.includes('lang="ko"'));
        strict_1.default.equal(ko.subject, '이메일 주소를 확인해 주세요');
        strict_1.default.ok(ko.text.includes('042137') && ko.text.includes(values.link));
    });
    (0, node_test_1.it)('greets by name, or without one when the name is empty', () => {
        strict_1.default.ok((0, template_renderer_1.renderTemplate)(verify(), 'en', { ...values, name: 'Ada' }, issuedAt).text.startsWith('Hello Ada,\n'));
        strict_1.default.ok((0, template_renderer_1.renderTemplate)(verify(), 'en', { ...values, name: ' ' }, issuedAt).text.startsWith('Hello,\n'));
        strict_1.default.ok((0, template_renderer_1.renderTemplate)(verify(), 'ko', { ...values, name: '민준' }, issuedAt).text.startsWith('민준님, 안녕하세요.'));
        strict_1.default.ok((0, template_renderer_1.renderTemplate)(verify(), 'ko', { ...values, name: '' }, issuedAt).text.startsWith('안녕하세요.'));
    });
    (0, node_test_1.it)('strips CR/LF and other control characters from the subject', () => {
        const t = {
            en: { subject: 'Hi {{name}}', html: '', text: '' },
            ko: { subject: '안녕 {{name}}', html: '', text: '' },
        };
        const { subject } = (0, template_renderer_1.renderTemplate)(t, 'en', { name: 'Eve\r\nBcc: x@evil\u0000\u0007' }, issuedAt);
        strict_1.default.equal(subject, 'Hi Eve Bcc: x@evil');
        strict_1.default.equal((0, template_renderer_1.cleanHeaderText)('a\u2028b\tc'), 'a b c');
    });
    (0, node_test_1.it)('refuses a missing value or an unknown filter instead of mailing a hole', () => {
        const t = {
            en: { subject: '{{a}}', html: '{{b | shout}}', text: '' },
            ko: { subject: '{{a}}', html: '', text: '' },
        };
        strict_1.default.throws(() => (0, template_renderer_1.renderTemplate)(t, 'en', {}, issuedAt), /no value for \{\{a\}\}/);
        strict_1.default.throws(() => (0, template_renderer_1.renderTemplate)(t, 'en', { a: 1, b: 2 }, issuedAt), /unknown filter/);
        strict_1.default.throws(() => (0, template_renderer_1.renderTemplate)(verify(), 'en', { ...values, codeExpiresAt: 'soon' }, issuedAt), /ISO/);
    });
    (0, node_test_1.it)('checks at enqueue time that every value a template needs is given', () => {
        strict_1.default.doesNotThrow(() => (0, template_registry_1.assertRenderable)('signup-verify', Object.keys(values)));
        strict_1.default.throws(() => (0, template_registry_1.assertRenderable)('signup-verify', ['name', 'link']), /code/);
        strict_1.default.throws(() => (0, template_registry_1.assertRenderable)('no-such-template', []), /unknown/);
        strict_1.default.throws(() => (0, template_registry_1.assertRenderable)('constructor', []), /unknown/);
    });
    (0, node_test_1.it)('every template renders in every locale with non-empty parts', () => {
        for (const name of ['signup-verify', 'signup-exists']) {
            const t = (0, template_registry_1.findTemplate)(name);
            strict_1.default.ok(t, name);
            for (const locale of mail_port_1.LOCALES) {
                const r = (0, template_renderer_1.renderTemplate)(t, locale, values, issuedAt);
                strict_1.default.ok(r.subject && r.html.includes('<html') && r.text.includes(values.name), `${name}/${locale}`);
            }
        }
    });
    (0, node_test_1.it)('escapeHtml covers the attribute breakers', () => {
        strict_1.default.equal((0, template_renderer_1.escapeHtml)(`&<>"'\``), '&amp;&lt;&gt;&quot;&#39;&#96;');
    });
});
//# sourceMappingURL=template.renderer.spec.js.map