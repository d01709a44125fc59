import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

/**
 * The dev mailbox's TLS identity for STARTTLS: a self-signed certificate for localhost, made once
 * with the `openssl` CLI into `dir` (key mode 0600) and reused on every later start so clients that
 * pinned it keep working. Rejects when there is none and openssl cannot make one; callers then
 * simply do not offer STARTTLS.
 */
export async function loadOrCreateCertificate(dir: string): Promise<Certificate> {
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  const existing = await readPair(keyPath, certPath);
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written to temporary names and renamed is not needed: a half-written pair fails to load and
  // is simply made again at the next start.
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
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { timeout: 30_000 },
  );
  const made = await readPair(keyPath, certPath);
  if (!made) throw new Error(`openssl did not write a certificate into ${dir}`);
  return made;
}

async function readPair(keyPath: string, certPath: string): Promise<Certificate | undefined> {
  try {
    const [key, cert] = await Promise.all([readFile(keyPath), readFile(certPath)]);
    if (!key.includes('PRIVATE KEY') || !cert.includes('CERTIFICATE')) return undefined;
    return { key, cert };
  } catch {
    return undefined;
  }
}
