import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { loadDevSecrets } from './dev-secrets';

const run = promisify(execFile);

describe('development secrets', () => {
  it('are generated once and reused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-secrets-'));
    try {
      const first = loadDevSecrets(dir);
      assert.deepEqual(loadDevSecrets(dir), first);
      assert.deepEqual(readdirSync(dir), ['dev-secrets.json'], 'no temporary file left behind');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('agree across processes starting together on one DATA_DIR (none reads a half-written file)', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'mailgate-secrets-'));
      try {
        const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(
          path.join(__dirname, 'dev-secrets.js'),
        )}).loadDevSecrets(${JSON.stringify(dir)})))`;
        const outs = await Promise.all(
          Array.from({ length: 8 }, () => run(process.execPath, ['-e', script]).then((r) => r.stdout)),
        );
        assert.equal(new Set(outs).size, 1, 'every process got the same secrets');
        assert.deepEqual(readdirSync(dir), ['dev-secrets.json']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
