import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DevCertificate {
  key: Buffer;
  cert: Buffer;
}

/**
 * The dev mailbox's TLS key and self-signed certificate (for POP3 STLS / IMAP STARTTLS), made
 * once with the `openssl` CLI into DATA_DIR/mailbox/tls and reused after that, so a client that
 * pinned it keeps working across restarts. The key file is 0600. A dev certificate only: clients
 * must be told to accept it (`curl -k`, `rejectUnauthorized: false`).
 */
export async function loadDevCertificate(dir: string, hostNames: string[]): Promise<DevCertificate> {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const existing = await Promise.all([readFile(keyFile), readFile(certFile)]).catch(() => undefined);
  if (existing) return { key: existing[0], cert: existing[1] };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const san = [...new Set(['localhost', ...hostNames])]
    .map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`))
    .join(',');
  const tmpKey = `${keyFile}.tmp`;
  const tmpCert = `${certFile}.tmp`;
  try {
    // execFile, not a shell: the host names are settings and must not be interpreted.
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        '/CN=mailgate dev mailbox',
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        tmpKey,
        '-out',
        tmpCert,
      ],
      { timeout: 30_000 },
    );
    await chmod(tmpKey, 0o600);
    const [key, cert] = await Promise.all([readFile(tmpKey), readFile(tmpCert)]);
    await rename(tmpKey, keyFile);
    await rename(tmpCert, certFile);
    return { key, cert };
  } finally {
    await rm(tmpKey, { force: true });
    await rm(tmpCert, { force: true });
  }
}
