import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailChangeActionPage, emailChangeOutcomePage } from '../confirm-email-change/email-change.page';
import { resetFormPage, resetOutcomePage, resetRequestPage, resetRequestedPage } from './password-reset.page';

describe('account pages', () => {
  it('the reset page is a password form posting to password-reset/confirm, with no script', () => {
    const html = resetFormPage('en', 'abc_DEF-123');
    assert.match(html, /<form method="post" action="password-reset\/confirm">/);
    assert.match(html, /name="token" value="abc_DEF-123"/);
    assert.match(html, /type="password" name="password" autocomplete="new-password"/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /class="error"/);
    assert.match(resetFormPage('en', 't', true), /class="error"/);
  });

  it('without a token the page asks for the address, posting to password-reset', () => {
    const html = resetRequestPage('en');
    assert.match(html, /<form method="post" action="password-reset">/);
    assert.match(html, /type="email" name="email" autocomplete="email"/);
    assert.doesNotMatch(html, /name="token"|name="password"|<script/i);
    assert.doesNotMatch(html, /class="error"/);
    assert.match(resetRequestPage('en', true), /class="error"/);
  });

  it('the answer to the form is the same "check your mail" for any address, with the link lifetime', () => {
    assert.match(
      resetRequestedPage('en', 'sent'),
      /Check your mail[\s\S]*If this address has an account[\s\S]*30 minutes/,
    );
    assert.match(resetRequestedPage('ko', 'sent'), /30분/);
    assert.match(resetRequestedPage('en', 'slow'), /Too many requests/);
    assert.doesNotMatch(resetRequestedPage('en', 'sent'), /<form/);
  });

  it('the email-change pages post to their own path', () => {
    assert.match(emailChangeActionPage('en', 'confirm', 'tok'), /action="confirm\?token=tok"/);
    assert.match(emailChangeActionPage('en', 'undo', 'tok'), /action="undo\?token=tok"/);
  });

  it('hostile tokens and addresses are escaped', () => {
    const evil = '"><script>alert(1)</script>';
    assert.doesNotMatch(resetFormPage('en', evil), /<script>/);
    assert.doesNotMatch(emailChangeActionPage('en', 'undo', evil), /<script>/);
    assert.doesNotMatch(emailChangeOutcomePage('en', 'confirm', 'done', '<img src=x>@example.com'), /<img/);
  });

  it('speak Korean when asked', () => {
    assert.match(resetOutcomePage('ko', 'done'), /lang="ko"/);
    assert.match(emailChangeOutcomePage('ko', 'undo', 'bad'), /7일/);
  });
});
