import { type KeyObject, verify, X509Certificate } from 'node:crypto';
import { AppError } from '../../../common/errors/app-error';
import { EmailErrors } from '../emails.errors';
import type { HttpsGet } from './sns-https.client';
import { isSnsUrl, type SnsMessage, stringToSign } from './sns-message';

/** Certificates kept at once; SNS signs with one per region and rotates it rarely. */
const CACHE_SIZE = 32;

/**
 * Checks that a message really comes from Amazon SNS (AWS: "Verifying the signatures of Amazon SNS
 * messages"): the certificate URL must be https on sns.REGION.amazonaws.com, the certificate is
 * fetched over verified TLS (so it is the one SNS serves) and cached by URL, must be within its
 * validity dates, and its key must verify `Signature` — SHA1withRSA for SignatureVersion 1,
 * SHA256withRSA for 2 — over the canonical string of the signed fields.
 */
export class SnsSignatureVerifier {
  private readonly keys = new Map<string, Promise<{ key: KeyObject; notAfter: number }>>();

  constructor(
    private readonly get: HttpsGet,
    /** Tests only: the stand-in's host instead of sns.REGION.amazonaws.com. */
    private readonly testHost?: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The URL rule for SubscribeURL too: only SNS's own host is ever fetched. */
  isSnsUrl(url: string): boolean {
    return isSnsUrl(url, this.testHost);
  }

  /** Throws an AppError (403 for a bad URL or signature, 503 when the certificate cannot be had). */
  async verify(m: SnsMessage): Promise<void> {
    // SNS's certificate URLs are all `…/SimpleNotificationService-<hex>.pem`; demanding `.pem` keeps
    // a caller from making us fetch arbitrary pages of the SNS host.
    if (!this.isSnsUrl(m.SigningCertURL) || !new URL(m.SigningCertURL).pathname.endsWith('.pem'))
      throw new AppError(
        EmailErrors.snsUrlNotAllowed,
        undefined,
        undefined,
        'SigningCertURL must be https on sns.<region>.amazonaws.com.',
      );
    const canonical = stringToSign(m);
    if (canonical === undefined) throw new AppError(EmailErrors.snsMessageInvalid);
    const { key, notAfter } = await this.certificate(m.SigningCertURL);
    if (notAfter < this.now()) throw new AppError(EmailErrors.snsSignatureInvalid);
    const signature = Buffer.from(m.Signature, 'base64');
    const algorithm = m.SignatureVersion === '1' ? 'sha1' : 'sha256';
    let valid = false;
    try {
      valid = verify(algorithm, Buffer.from(canonical, 'utf8'), key, signature);
    } catch {
      valid = false; // a key or signature of the wrong shape is a bad signature, not a 500
    }
    if (!valid) throw new AppError(EmailErrors.snsSignatureInvalid);
  }

  private certificate(url: string): Promise<{ key: KeyObject; notAfter: number }> {
    const cached = this.keys.get(url);
    if (cached) return cached;
    const loading = this.load(url);
    this.keys.set(url, loading);
    // A failure is not cached: the next delivery (SNS retries on 5xx) tries again.
    void loading.catch(() => this.keys.delete(url));
    if (this.keys.size > CACHE_SIZE) this.keys.delete(this.keys.keys().next().value as string);
    return loading;
  }

  private async load(url: string): Promise<{ key: KeyObject; notAfter: number }> {
    let pem: string;
    try {
      const answer = await this.get(url);
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
      pem = answer.body;
    } catch {
      throw new AppError(EmailErrors.snsCertificateUnavailable);
    }
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      // What SNS's host served is not a certificate: nothing it signed can be checked.
      throw new AppError(EmailErrors.snsCertificateUnavailable);
    }
    const notBefore = Date.parse(cert.validFrom);
    if (notBefore > this.now()) throw new AppError(EmailErrors.snsSignatureInvalid);
    return { key: cert.publicKey, notAfter: Date.parse(cert.validTo) };
  }
}
