import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevSecrets {
  jwtSecret: string;
  apiKey: string;
}

const FILE = 'dev-secrets.json';

/**
 * Development only: secrets generated once into DATA_DIR and reused, so tokens issued before a
 * restart stay valid and the printed API key does not change under a developer's feet.
 * Written with mode 0600 to a private temporary file and published with link(2), which fails when
 * the name exists: two processes starting together agree on one file, and neither can read the
 * other's half-written one (CI saw `wx` + write expose an empty file to a concurrent reader).
 */
export function loadDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    return parse(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const fresh: DevSecrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    apiKey: `mg_dev_${randomBytes(24).toString('base64url')}`,
  };
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
    return fresh;
  } catch (err) {
    // Another process won the race: use what it wrote (complete, since it was linked whole).
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parse(readFileSync(file, 'utf8'), file);
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

function parse(text: string, file: string): DevSecrets {
  const value = JSON.parse(text) as Partial<DevSecrets>;
  if (typeof value.jwtSecret !== 'string' || typeof value.apiKey !== 'string')
    throw new Error(`${file} is damaged: delete it to generate new development secrets`);
  return { jwtSecret: value.jwtSecret, apiKey: value.apiKey };
}
