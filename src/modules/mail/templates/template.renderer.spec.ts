import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES } from '../mail.port';
import { assertRenderable, findTemplate } from './template.registry';
import {
  cleanHeaderText,
  escapeHtml,
  renderSubject,
  renderTemplate,
  type Template,
  TemplateError,
} from './template.renderer';

const issuedAt = new Date('2026-11-21T20:00:00Z');
const values = {
  name: `<script>alert("x")</script> O'Neil`,
  link: 'https://mailgate.test/users/email-verify?signupVerifyToken=tok_123&x="y"',
  code: '042137',
  linkExpiresAt: '2026-11-22T20:00:00.000Z',
  codeExpiresAt: '2026-11-21T20:30:00.000Z',
};

function verify(): Template {
  const t = findTemplate('signup-verify');
  assert.ok(t);
  return t;
}

describe('template renderer', () => {
  it('escapes markup and quotes in the HTML part', () => {
    const { html } = renderTemplate(verify(), 'en', values, issuedAt);
    assert.equal(html.includes('<script>'), false);
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Neil'));
    // The link lands in href="…": its quote must not close the attribute.
    assert.ok(
      html.includes(
        'href="https://mailgate.test/users/email-verify?signupVerifyToken=tok_123&amp;x=&quot;y&quot;"',
      ),
    );
  });

  it('leaves values as they are in the text part, with the code and the link', () => {
    const { text } = renderTemplate(verify(), 'en', values, issuedAt);
    assert.ok(text.includes(`Hello <script>alert("x")</script> O'Neil,`));
    assert.ok(text.includes(values.link));
    assert.ok(text.includes('    042137'));
  });

  it('says when the link and the code expire, in both locales', () => {
    const en = renderTemplate(verify(), 'en', values, issuedAt);
    assert.ok(en.text.includes('The link works for 24 hours (until 22 November 2026 at 20:00 UTC).'));
    assert.ok(en.text.includes('The code works for 30 minutes (until 21 November 2026 at 20:30 UTC).'));
    const ko = renderTemplate(verify(), 'ko', values, issuedAt);
    assert.ok(ko.text.includes('링크는 24시간 동안(2026년 11월 22일 20:00 UTC까지)'), ko.text);
    assert.ok(ko.text.includes('코드는 30분 동안'));
    assert.ok(ko.html.includes('lang="ko"'));
    assert.equal(ko.subject, '이메일 주소를 확인해 주세요');
    assert.ok(ko.text.includes('042137') && ko.text.includes(values.link));
  });

  it('greets by name, or without one when the name is empty', () => {
    assert.ok(
      renderTemplate(verify(), 'en', { ...values, name: 'Ada' }, issuedAt).text.startsWith('Hello Ada,\n'),
    );
    assert.ok(renderTemplate(verify(), 'en', { ...values, name: ' ' }, issuedAt).text.startsWith('Hello,\n'));
    assert.ok(
      renderTemplate(verify(), 'ko', { ...values, name: '민준' }, issuedAt).text.startsWith(
        '민준님, 안녕하세요.',
      ),
    );
    assert.ok(
      renderTemplate(verify(), 'ko', { ...values, name: '' }, issuedAt).text.startsWith('안녕하세요.'),
    );
  });

  it('strips CR/LF and other control characters from the subject', () => {
    const t: Template = {
      en: { subject: 'Hi {{name}}', html: '', text: '' },
      ko: { subject: '안녕 {{name}}', html: '', text: '' },
    };
    const { subject } = renderTemplate(t, 'en', { name: 'Eve\r\nBcc: x@evil\u0000\u0007' }, issuedAt);
    assert.equal(subject, 'Hi Eve Bcc: x@evil');
    assert.equal(cleanHeaderText('a\u2028b\tc'), 'a b c');
  });

  it('refuses a missing value or an unknown filter instead of mailing a hole', () => {
    const t: Template = {
      en: { subject: '{{a}}', html: '{{b | shout}}', text: '' },
      ko: { subject: '{{a}}', html: '', text: '' },
    };
    assert.throws(() => renderTemplate(t, 'en', {}, issuedAt), /no value for \{\{a\}\}/);
    assert.throws(() => renderTemplate(t, 'en', { a: 1, b: 2 }, issuedAt), /unknown filter/);
    assert.throws(
      () => renderTemplate(verify(), 'en', { ...values, codeExpiresAt: 'soon' }, issuedAt),
      /ISO/,
    );
  });

  it('checks at enqueue time that every value a template needs is given', () => {
    assert.doesNotThrow(() => assertRenderable('signup-verify', Object.keys(values)));
    assert.throws(() => assertRenderable('signup-verify', ['name', 'link']), /code/);
    assert.throws(() => assertRenderable('no-such-template', []), /unknown/);
    assert.throws(() => assertRenderable('constructor', []), /unknown/);
  });

  it('every template renders in every locale with non-empty parts', () => {
    for (const name of ['signup-verify', 'signup-exists']) {
      const t = findTemplate(name);
      assert.ok(t, name);
      for (const locale of LOCALES) {
        const r = renderTemplate(t, locale, values, issuedAt);
        assert.ok(r.subject && r.html.includes('<html') && r.text.includes(values.name), `${name}/${locale}`);
      }
    }
  });

  it('escapeHtml covers the attribute breakers', () => {
    assert.equal(escapeHtml(`&<>"'\``), '&amp;&lt;&gt;&quot;&#39;&#96;');
  });
});

describe('renderSubject (what the outbox stores at enqueue)', () => {
  const names = [
    'signup-verify',
    'signup-exists',
    'password-reset',
    'password-changed',
    'email-change-verify',
    'email-change-notice',
  ];
  /** Every variable any template uses, with a value each filter can show. */
  const all: Record<string, string> = new Proxy(
    {},
    {
      get: (_t, key) =>
        String(key).endsWith('At') ? '2026-11-22T20:00:00.000Z' : `v-${String(key)}\r\nBcc: x`,
    },
  );
  const valuesFor = (t: Template) => {
    const names = new Set<string>();
    for (const source of Object.values(t))
      for (const part of [source.subject, source.html, source.text])
        for (const m of part.matchAll(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)/g)) names.add(m[1]);
    return Object.fromEntries([...names].map((n) => [n, all[n]]));
  };

  it('is the subject renderTemplate renders, for every template and locale', () => {
    for (const name of names) {
      const t = findTemplate(name);
      assert.ok(t, name);
      for (const locale of LOCALES) {
        const v = valuesFor(t);
        assert.equal(renderSubject(t, locale, v, issuedAt), renderTemplate(t, locale, v, issuedAt).subject);
      }
    }
  });

  it('throws what rendering the HTML or text would throw, though it does not render them', () => {
    // Both appear only in the body of signup-verify, never in its subject.
    for (const bad of [{ linkExpiresAt: 'tomorrow' }, { codeExpiresAt: '' }]) {
      const v = { ...values, ...bad };
      const rendering = (() => {
        try {
          renderTemplate(verify(), 'ko', v, issuedAt);
        } catch (err) {
          return err;
        }
      })();
      assert.ok(rendering instanceof TemplateError);
      assert.throws(() => renderSubject(verify(), 'ko', v, issuedAt), {
        name: 'TemplateError',
        message: rendering.message,
      });
    }
    const { code: _dropped, ...withoutCode } = values;
    assert.throws(() => renderSubject(verify(), 'en', withoutCode, issuedAt), /no value for \{\{code\}\}/);
  });
});
