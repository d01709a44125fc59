"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHROMIUM = exports.services = void 0;
exports.skipWithout = skipWithout;
exports.freshPostgresDatabase = freshPostgresDatabase;
exports.skipWithoutBinary = skipWithoutBinary;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const pg_1 = __importDefault(require("pg"));
/**
 * Real PostgreSQL/Redis for integration suites. scripts/test.mjs probes them and passes their URLs;
 * when a service is missing the suite is skipped with a reason (REQUIRE_SERVICES=1 turns that into
 * a failure before any test runs).
 */
exports.services = {
    postgres: process.env.TEST_POSTGRES || undefined,
    redis: process.env.TEST_REDIS || undefined,
};
function skipWithout(name) {
    return exports.services[name]
        ? false
        : `${name} is not reachable on 127.0.0.1 (run with REQUIRE_SERVICES=1 to fail instead)`;
}
/**
 * A fresh, empty PostgreSQL database for one suite, so suites running in parallel never see each
 * other's rows. Returns its URL and a function that drops it.
 */
async function freshPostgresDatabase() {
    const admin = exports.services.postgres;
    if (!admin)
        throw new Error('PostgreSQL is not available');
    const name = `mailgate_test_${(0, node_crypto_1.randomBytes)(6).toString('hex')}`;
    const client = new pg_1.default.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return {
        url: url.toString(),
        drop: async () => {
            const c = new pg_1.default.Client({ connectionString: admin });
            await c.connect();
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await c.end();
        },
    };
}
/** Debian's chromium, for the web inbox's browser tests (installed by .ci/run). */
exports.CHROMIUM = '/usr/bin/chromium';
/** Skip reason when a tool a suite drives is missing; with REQUIRE_SERVICES=1 the suite fails instead. */
function skipWithoutBinary(path, what) {
    if ((0, node_fs_1.existsSync)(path))
        return false;
    if (process.env.REQUIRE_SERVICES === '1')
        throw new Error(`${what} is required (REQUIRE_SERVICES=1) but ${path} is missing`);
    return `${what} is not installed (${path}); .ci/run installs it`;
}
//# sourceMappingURL=services.js.map