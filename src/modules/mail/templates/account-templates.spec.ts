import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES } from '../mail.port';
import { assertRenderable, findTemplate } from './template.registry';
import { renderTemplate, type Template } from './template.renderer';

const issuedAt = new Date('2026-11-21T20:00:00Z');
const hostile = `<script>alert("x")</script>`;

function template(name: string): Template {
  const t = findTemplate(name);
  assert.ok(t, name);
  return t;
}

/** The values each account template needs, as the AccountMailer passes them. */
const VALUES: Record<string, Record<string, string>> = {
  'password-reset': {
    name: hostile,
    expiresAt: '2026-11-21T20:30:00.000Z',
    link: 'https://a.test/users/password-reset?token=abc&x="y"',
  },
  'password-changed': { name: hostile, changedAt: '2026-11-21T20:00:00.000Z' },
  'email-change-verify': {
    name: hostile,
    linkExpiresAt: '2026-11-22T20:00:00.000Z',
    codeExpiresAt: '2026-11-21T20:30:00.000Z',
    link: 'https://a.test/users/email-change/confirm?token=abc',
    code: '042137',
  },
  'email-change-notice': {
    name: hostile,
    newEmail: '"<b>"@example.com',
    undoExpiresAt: '2026-11-28T20:00:00.000Z',
    link: 'https://a.test/users/email-change/undo?token=abc',
  },
};

describe('account mail templates', () => {
  for (const [name, values] of Object.entries(VALUES))
    it(`${name}: renders in every locale, escaped, with its link and expiry`, () => {
      assertRenderable(name, Object.keys(values));
      for (const locale of LOCALES) {
        const mail = renderTemplate(template(name), locale, values, issuedAt);
        assert.ok(mail.subject.length > 0);
        assert.ok(!mail.html.includes('<script>'), 'the name is escaped');
        assert.ok(mail.html.includes(`lang="${locale}"`));
        if (values.link) {
          assert.ok(mail.text.includes(values.link), 'the text part carries the link as is');
          assert.ok(!mail.html.includes('x="y"'), 'the link cannot close its href');
        }
        if (values.code) assert.ok(mail.text.includes(values.code));
        if (values.newEmail) assert.ok(!mail.html.includes('<b>'));
      }
    });

  it('say how long their links work, and what to do if it was not you', () => {
    const reset = renderTemplate(template('password-reset'), 'en', VALUES['password-reset'], issuedAt);
    assert.match(reset.text, /works once, for 30 minutes \(until 21 November 2026 at 20:30 UTC\)/);
    assert.match(reset.text, /If you did not ask for this, ignore this email/);
    const notice = renderTemplate(
      template('email-change-notice'),
      'en',
      VALUES['email-change-notice'],
      issuedAt,
    );
    assert.match(notice.text, /works for 7 days/);
    assert.match(notice.text, /reset your password/);
    const ko = renderTemplate(template('email-change-notice'), 'ko', VALUES['email-change-notice'], issuedAt);
    assert.match(ko.text, /7일 동안/);
    const verify = renderTemplate(
      template('email-change-verify'),
      'ko',
      VALUES['email-change-verify'],
      issuedAt,
    );
    assert.match(verify.text, /24시간 동안/);
    assert.match(verify.text, /30분 동안/);
  });
});
