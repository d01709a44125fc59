#!/usr/bin/env node
// `npm test`: type-check and build, lint, layer rules, then every test file with Node's test runner.
// With REQUIRE_SERVICES=1 a missing Redis or PostgreSQL fails the run instead of skipping suites.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, cmd, args, env = {}) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${title}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(`✖ ${title} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

function sourceOf(compiled) {
  return path.join(root, path.relative(path.join(root, 'dist'), compiled)).replace(/\.js$/, '.ts');
}

function findTests(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    // Only compiled tests whose source still exists: a deleted .ts leaves its .js behind in dist.
    else if (/\.(spec|test)\.js$/.test(name) && existsSync(sourceOf(full))) out.push(full);
  }
  return out;
}

function reachable(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const only = process.argv.slice(2);
if (!process.env.TEST_SKIP_CHECKS) {
  step('type-check and build (tsc)', bin('tsc'), ['-p', 'tsconfig.json']);
  step('lint (eslint --max-warnings 0)', bin('eslint'), ['--max-warnings', '0', '.']);
  step('format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
  step('layer rules (dependency-cruiser)', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs']);
} else {
  step('build (tsc)', bin('tsc'), ['-p', 'tsconfig.json']);
}

const services = {
  postgres: await reachable(5432),
  redis: await reachable(6379),
};
const env = {
  TEST_POSTGRES: services.postgres ? 'postgres://postgres@127.0.0.1:5432/test' : '',
  TEST_REDIS: services.redis ? 'redis://127.0.0.1:6379' : '',
};
const missing = Object.entries(services)
  .filter(([, up]) => !up)
  .map(([name]) => name);
if (missing.length > 0) {
  if (process.env.REQUIRE_SERVICES === '1') {
    process.stdout.write(
      `✖ REQUIRE_SERVICES=1 but ${missing.join(' and ')} cannot be reached on 127.0.0.1\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`ℹ ${missing.join(' and ')} not reachable: suites that need them are skipped\n`);
}

let files = [
  ...findTests(path.join(root, 'dist', 'src')),
  ...findTests(path.join(root, 'dist', 'test')),
].sort();
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  process.stdout.write('✖ no test files found\n');
  process.exit(1);
}
step(`tests (${files.length} files)`, process.execPath, ['--test', '--test-concurrency=2', ...files], env);
