import { HardBounceError, TransportError } from '../mail-transport.port';

/** The fields nodemailer puts on its errors (see nodemailer/lib/errors). */
interface SmtpFailure {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  /** The server's whole reply line, e.g. "550 5.1.1 <x@y>: user unknown". */
  response?: string;
  command?: string;
  rejected?: unknown[];
  rejectedErrors?: SmtpFailure[];
}

/** Network failures worth another try: the server may be back in a moment. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
]);

/** OpenSSL's verify codes as Node reports them (CERT_HAS_EXPIRED, SELF_SIGNED_CERT_IN_CHAIN, …). */
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/**
 * Classifies an SMTP failure once, here, so the worker never guesses. The message stored and logged
 * is ours (code and command), never the server's free text: a provider's answer can echo an
 * address, a token or a credential hint, and attempts are readable through GET /emails/:id.
 */
export function classifySmtpError(err: unknown): TransportError {
  const e = (err ?? {}) as SmtpFailure;
  const reply = e.responseCode ?? e.rejectedErrors?.find((r) => r.responseCode)?.responseCode;
  const where = e.command ? ` (after ${e.command.split(' ')[0].toUpperCase()})` : '';
  if (typeof reply === 'number') {
    if (reply === 454)
      return new TransportError('throttled', `SMTP ${reply}: server asked to slow down${where}`);
    if (reply >= 400 && reply < 500)
      return new TransportError('retryable', `SMTP ${reply}: temporary failure${where}`);
    if (reply >= 500 && reply < 600) {
      // RFC 3463 5.1.1 "bad destination mailbox address": the one 5xx that is about the recipient
      // itself. Read from the reply, but only this verdict is kept, never the reply's text.
      const replies = [e.response, ...(e.rejectedErrors ?? []).map((r) => r.response)];
      if (replies.some((r) => typeof r === 'string' && /^5\d\d[ -]5\.1\.1\b/.test(r)))
        return new HardBounceError(`SMTP ${reply}: recipient unknown (5.1.1)${where}`);
      const what = e.code === 'EAUTH' ? 'authentication rejected' : 'rejected';
      return new TransportError('permanent', `SMTP ${reply}: ${what}${where}`);
    }
  }
  if (e.code === 'EENVELOPE')
    return new TransportError('permanent', 'invalid envelope: no valid recipient or sender address');
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return new TransportError('permanent', 'SMTP authentication failed: check the credentials in SMTP_URL');
  if (e.code === 'ETLS') return new TransportError('retryable', 'TLS handshake with the SMTP server failed');
  // Retried (the server's certificate may be renewed, the CA added), but named: it is not the network.
  if (e.originalCode && CERTIFICATE.test(e.originalCode))
    return new TransportError(
      'retryable',
      `the SMTP server's TLS certificate was not accepted (${e.originalCode}): fix the server's certificate, or trust its CA with NODE_EXTRA_CA_CERTS`,
    );
  const network = [e.originalCode, e.code].find((c) => c !== undefined && NETWORK.has(c));
  if (network) return new TransportError('retryable', `network error talking to the SMTP server: ${network}`);
  if (e.code === 'EMESSAGE' || e.code === 'ESTREAM')
    return new TransportError('permanent', `the message could not be built: ${e.code}`);
  return new TransportError('retryable', `SMTP send failed: ${e.code ?? 'unknown error'}`);
}
