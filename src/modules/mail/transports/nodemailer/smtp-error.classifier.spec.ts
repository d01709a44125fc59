import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HardBounceError } from '../mail-transport.port';
import { classifySmtpError } from './smtp-error.classifier';

function smtpError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error('Message failed: 550 5.1.1 <secret-token@x> unknown'), fields);
}

describe('SMTP error classification', () => {
  it('4xx replies are retryable, 454 is throttled', () => {
    for (const code of [421, 450, 451, 452])
      assert.equal(
        classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: code })).kind,
        'retryable',
        String(code),
      );
    assert.equal(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 454 })).kind, 'throttled');
  });

  it('5xx replies are permanent, and the stored message is ours, not the server text', () => {
    const e = classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }));
    assert.equal(e.kind, 'permanent');
    assert.equal(e.message, 'SMTP 550: rejected (after RCPT)');
    assert.equal(e.message.includes('secret-token'), false);
    assert.match(
      classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535 })).message,
      /authentication/,
    );
  });

  it('550 5.1.1 (user unknown) is a hard bounce; other 5xx are not', () => {
    const gone = classifySmtpError(
      smtpError({
        code: 'EENVELOPE',
        responseCode: 550,
        command: 'RCPT TO',
        response: '550 5.1.1 <secret-token@x>: user unknown',
      }),
    );
    assert.equal(gone.kind, 'permanent');
    assert.ok(gone instanceof HardBounceError);
    assert.equal(gone.message, 'SMTP 550: recipient unknown (5.1.1) (after RCPT)');
    const inList = classifySmtpError(
      smtpError({ code: 'EENVELOPE', rejectedErrors: [{ responseCode: 550, response: '550-5.1.1 gone' }] }),
    );
    assert.ok(inList instanceof HardBounceError);
    for (const response of ['550 5.7.1 rejected by policy', '554 5.1.1x', '552 5.2.2 mailbox full'])
      assert.equal(
        classifySmtpError(
          smtpError({ code: 'EMESSAGE', responseCode: Number(response.slice(0, 3)), response }),
        ) instanceof HardBounceError,
        false,
        response,
      );
  });

  it('network failures are retryable, whether nodemailer kept the system code or not', () => {
    for (const fields of [
      { code: 'ESOCKET', originalCode: 'ECONNREFUSED' },
      { code: 'ETIMEDOUT' },
      { code: 'ECONNRESET' },
      { code: 'ECONNECTION' },
    ])
      assert.equal(classifySmtpError(smtpError(fields)).kind, 'retryable', JSON.stringify(fields));
    assert.match(
      classifySmtpError(smtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' })).message,
      /ECONNREFUSED/,
    );
  });

  it('a certificate the process does not trust is retried and named, not reported as the network', () => {
    for (const originalCode of [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ]) {
      const e = classifySmtpError(smtpError({ code: 'ESOCKET', originalCode }));
      assert.equal(e.kind, 'retryable');
      assert.match(
        e.message,
        new RegExp(`TLS certificate was not accepted \\(${originalCode}\\).*NODE_EXTRA_CA_CERTS`),
      );
    }
  });

  it('an envelope with no valid recipients is permanent', () => {
    assert.equal(classifySmtpError(smtpError({ code: 'EENVELOPE' })).kind, 'permanent');
  });

  it('a rejected recipient carries its reply code through rejectedErrors', () => {
    const e = classifySmtpError(smtpError({ code: 'EENVELOPE', rejectedErrors: [{ responseCode: 451 }] }));
    assert.equal(e.kind, 'retryable');
  });

  it('something unknown is retried (bounded by the attempt limit) rather than dropped', () => {
    assert.equal(classifySmtpError(new Error('weird')).kind, 'retryable');
    assert.equal(classifySmtpError(undefined).kind, 'retryable');
  });
});
