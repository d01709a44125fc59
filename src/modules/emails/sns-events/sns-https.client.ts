import https from 'node:https';

export interface HttpsAnswer {
  status: number;
  body: string;
}

/** How SNS's own URLs (signing certificates, SubscribeURL) are fetched; replaced in unit tests. */
export type HttpsGet = (url: string) => Promise<HttpsAnswer>;

const TIMEOUT_MS = 10_000;
/** A signing certificate is about 2 KiB and a ConfirmSubscriptionResponse less: anything huge is not SNS. */
const MAX_BODY = 64 * 1024;

/**
 * A GET over HTTPS with the certificate verified, no redirects followed, a 10 s limit and a 64 KiB
 * answer cap. `ca` (tests only) replaces the trusted roots with a local stand-in's CA.
 */
export function httpsGet(ca?: string): HttpsGet {
  return (url) =>
    new Promise((resolve, reject) => {
      const req = https.get(url, { timeout: TIMEOUT_MS, ...(ca === undefined ? {} : { ca }) }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            req.destroy(new Error('answer too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
    });
}
