import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';

/**
 * Real PostgreSQL/Redis for integration suites. scripts/test.mjs probes them and passes their URLs;
 * when a service is missing the suite is skipped with a reason (REQUIRE_SERVICES=1 turns that into
 * a failure before any test runs).
 */
export const services = {
  postgres: process.env.TEST_POSTGRES || undefined,
  redis: process.env.TEST_REDIS || undefined,
};

export function skipWithout(name: keyof typeof services): false | string {
  return services[name]
    ? false
    : `${name} is not reachable on 127.0.0.1 (run with REQUIRE_SERVICES=1 to fail instead)`;
}

/**
 * A fresh, empty PostgreSQL database for one suite, so suites running in parallel never see each
 * other's rows (`admin`: the server to create it on, default the test one). Returns its URL and a function that drops it.
 */
export async function freshPostgresDatabase(
  admin = services.postgres,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!admin) throw new Error('PostgreSQL is not available');
  const name = `mailgate_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Debian's chromium, for the web inbox's browser tests (installed by .ci/run). */
export const CHROMIUM = '/usr/bin/chromium';

/** Skip reason when a tool a suite drives is missing; with REQUIRE_SERVICES=1 the suite fails instead. */
export function skipWithoutBinary(path: string, what: string): false | string {
  if (existsSync(path)) return false;
  if (process.env.REQUIRE_SERVICES === '1')
    throw new Error(`${what} is required (REQUIRE_SERVICES=1) but ${path} is missing`);
  return `${what} is not installed (${path}); .ci/run installs it`;
}
