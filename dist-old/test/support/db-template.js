"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.seedEmbeddedDb = seedEmbeddedDb;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const migrator_1 = require("../../src/infra/db/migrator");
const migrations_1 = require("../../src/infra/db/migrations");
const pglite_db_1 = require("../../src/infra/db/pglite.db");
/**
 * PGlite's initdb takes about 4 s; copying an initialised, migrated folder takes milliseconds.
 * The template is keyed by the schema, built once per machine and shared by test processes
 * (published with an atomic rename, so parallel builders never see half a template).
 */
async function seedEmbeddedDb(target) {
    const key = (0, node_crypto_1.createHash)('sha256')
        .update(migrations_1.coreMigrations.map((m) => `${m.id}:${m.sql}`).join('\n'))
        .digest('hex')
        .slice(0, 16);
    const template = node_path_1.default.join((0, node_os_1.tmpdir)(), `mailgate-pglite-template-${key}`);
    if (!(0, node_fs_1.existsSync)(template)) {
        const building = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-pglite-build-'));
        const db = await pglite_db_1.PgliteDb.open(building);
        await (0, migrator_1.migrate)(db, migrations_1.coreMigrations);
        await db.close();
        try {
            (0, node_fs_1.renameSync)(building, template);
        }
        catch {
            (0, node_fs_1.rmSync)(building, { recursive: true, force: true });
        }
    }
    (0, node_fs_1.cpSync)(template, target, { recursive: true });
}
//# sourceMappingURL=db-template.js.map