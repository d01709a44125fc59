"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const mail_transport_port_1 = require("../mail-transport.port");
const smtp_error_classifier_1 = require("./smtp-error.classifier");
function smtpError(fields) {
    return Object.assign(new Error('Message failed: 550 5.1.1 <secret-token@x> unknown'), fields);
}
(0, node_test_1.describe)('SMTP error classification', () => {
    (0, node_test_1.it)('4xx replies are retryable, 454 is throttled', () => {
        for (const code of [421, 450, 451, 452])
            strict_1.default.equal((0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EMESSAGE', responseCode: code })).kind, 'retryable', String(code));
        strict_1.default.equal((0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EAUTH', responseCode: 454 })).kind, 'throttled');
    });
    (0, node_test_1.it)('5xx replies are permanent, and the stored message is ours, not the server text', () => {
        const e = (0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }));
        strict_1.default.equal(e.kind, 'permanent');
        strict_1.default.equal(e.message, 'SMTP 550: rejected (after RCPT)');
        strict_1.default.equal(e.message.includes('secret-token'), false);
        strict_1.default.match((0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EAUTH', responseCode: 535 })).message, /authentication/);
    });
    (0, node_test_1.it)('550 5.1.1 (user unknown) is a hard bounce; other 5xx are not', () => {
        const gone = (0, smtp_error_classifier_1.classifySmtpError)(smtpError({
            code: 'EENVELOPE',
            responseCode: 550,
            command: 'RCPT TO',
            response: '550 5.1.1 <secret-token@x>: user unknown',
        }));
        strict_1.default.equal(gone.kind, 'permanent');
        strict_1.default.ok(gone instanceof mail_transport_port_1.HardBounceError);
        strict_1.default.equal(gone.message, 'SMTP 550: recipient unknown (5.1.1) (after RCPT)');
        const inList = (0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EENVELOPE', rejectedErrors: [{ responseCode: 550, response: '550-5.1.1 gone' }] }));
        strict_1.default.ok(inList instanceof mail_transport_port_1.HardBounceError);
        for (const response of ['550 5.7.1 rejected by policy', '554 5.1.1x', '552 5.2.2 mailbox full'])
            strict_1.default.equal((0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EMESSAGE', responseCode: Number(response.slice(0, 3)), response })) instanceof mail_transport_port_1.HardBounceError, false, response);
    });
    (0, node_test_1.it)('network failures are retryable, whether nodemailer kept the system code or not', () => {
        for (const fields of [
            { code: 'ESOCKET', originalCode: 'ECONNREFUSED' },
            { code: 'ETIMEDOUT' },
            { code: 'ECONNRESET' },
            { code: 'ECONNECTION' },
        ])
            strict_1.default.equal((0, smtp_error_classifier_1.classifySmtpError)(smtpError(fields)).kind, 'retryable', JSON.stringify(fields));
        strict_1.default.match((0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' })).message, /ECONNREFUSED/);
    });
    (0, node_test_1.it)('an envelope with no valid recipients is permanent', () => {
        strict_1.default.equal((0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EENVELOPE' })).kind, 'permanent');
    });
    (0, node_test_1.it)('a rejected recipient carries its reply code through rejectedErrors', () => {
        const e = (0, smtp_error_classifier_1.classifySmtpError)(smtpError({ code: 'EENVELOPE', rejectedErrors: [{ responseCode: 451 }] }));
        strict_1.default.equal(e.kind, 'retryable');
    });
    (0, node_test_1.it)('something unknown is retried (bounded by the attempt limit) rather than dropped', () => {
        strict_1.default.equal((0, smtp_error_classifier_1.classifySmtpError)(new Error('weird')).kind, 'retryable');
        strict_1.default.equal((0, smtp_error_classifier_1.classifySmtpError)(undefined).kind, 'retryable');
    });
});
//# sourceMappingURL=smtp-error.classifier.spec.js.map