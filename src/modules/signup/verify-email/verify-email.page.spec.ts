import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAGE_HEADERS, confirmPage, escapeHtml, outcomePage } from './verify-email.page';

describe('verify pages', () => {
  it('escape everything that could open markup or an attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" onclick='y'>&\``),
      '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;',
    );
  });

  it('the confirm page is a POST form to the same path and holds no script', () => {
    const html = confirmPage('en', 'abc_DEF-123');
    assert.match(html, /<form method="post" action="email-verify\?signupVerifyToken=abc_DEF-123">/);
    assert.match(html, /name="signupVerifyToken" value="abc_DEF-123"/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('a hostile token or name is escaped, not rendered', () => {
    const html = confirmPage('en', '"><script>alert(1)</script>');
    assert.doesNotMatch(html, /<script>/);
    assert.doesNotMatch(outcomePage('en', 'done', '<img src=x onerror=alert(1)>'), /<img/);
  });

  it('speaks Korean when asked', () => {
    assert.match(confirmPage('ko', 't'), /lang="ko"/);
    assert.match(outcomePage('ko', 'bad'), /만료/);
  });

  it('the CSP allows the inline style by hash and nothing else', () => {
    const csp = PAGE_HEADERS['Content-Security-Policy'];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /unsafe/);
  });
});
