import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevSecrets {
  jwtSecret: string;
  apiKey: string;
}

const FILE = 'dev-secrets.json';

/**
 * Development only: secrets generated once into DATA_DIR and reused, so tokens issued before a
 * restart stay valid and the printed API key does not change under a developer's feet.
 * Written with mode 0600 and created exclusively, so two processes starting together agree.
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
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (err) {
    // Another process won the race: use what it wrote.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parse(readFileSync(file, 'utf8'), file);
    throw err;
  }
}

function parse(text: string, file: string): DevSecrets {
  const value = JSON.parse(text) as Partial<DevSecrets>;
  if (typeof value.jwtSecret !== 'string' || typeof value.apiKey !== 'string')
    throw new Error(`${file} is damaged: delete it to generate new development secrets`);
  return { jwtSecret: value.jwtSecret, apiKey: value.apiKey };
}
