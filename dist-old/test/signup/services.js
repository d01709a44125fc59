"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.signupServices = signupServices;
exports.tokenOf = tokenOf;
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
const logger_1 = require("../../src/common/logging/logger");
const config_1 = require("../../src/config/config");
const migrator_1 = require("../../src/infra/db/migrator");
const migrations_1 = require("../../src/infra/db/migrations");
const pg_db_1 = require("../../src/infra/db/pg.db");
const pglite_db_1 = require("../../src/infra/db/pglite.db");
const sql_rate_limiter_1 = require("../../src/modules/rate-limit/sql.rate-limiter");
const create_signup_service_1 = require("../../src/modules/signup/create-signup/create-signup.service");
const sql_pending_signup_store_1 = require("../../src/modules/signup/database/sql.pending-signup.store");
const sql_user_repository_1 = require("../../src/modules/signup/database/sql.user.repository");
const access_token_1 = require("../../src/modules/signup/domain/access-token");
const password_hasher_1 = require("../../src/modules/signup/domain/password.hasher");
const login_service_1 = require("../../src/modules/signup/login/login.service");
const signup_mailer_1 = require("../../src/modules/signup/notifications/signup.mailer");
const resend_verification_service_1 = require("../../src/modules/signup/resend-verification/resend-verification.service");
const verify_email_service_1 = require("../../src/modules/signup/verify-email/verify-email.service");
const app_1 = require("../support/app");
const services_1 = require("../support/services");
const fake_outbox_1 = require("./fake-outbox");
/** The embedded store from the test template, or a fresh PostgreSQL database (pool of 10, READ COMMITTED). */
async function openStore(store, dataDir) {
    if (store === 'pglite')
        return { db: await pglite_db_1.PgliteDb.open(node_path_1.default.join(dataDir, 'db')), drop: async () => { } };
    const fresh = await (0, services_1.freshPostgresDatabase)();
    const db = await pg_db_1.PgDb.open(fresh.url);
    await (0, migrator_1.migrate)(db, migrations_1.coreMigrations);
    return { db, drop: fresh.drop };
}
/** The signup services wired by hand over a real embedded database and a fake outbox. */
async function signupServices(store, env = {}) {
    const dataDir = await (0, app_1.tempDataDir)();
    const config = (0, config_1.loadConfig)({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
    const { db, drop } = await openStore(store, dataDir);
    const log = (0, logger_1.createLogger)('silent');
    const limiter = new sql_rate_limiter_1.SqlRateLimiter(db, config.keys.lookup, config.rateLimit);
    const pending = new sql_pending_signup_store_1.SqlPendingSignupStore(db);
    const users = new sql_user_repository_1.SqlUserRepository(db);
    const hasher = new password_hasher_1.PasswordHasher();
    const outbox = new fake_outbox_1.FakeOutbox();
    const mailer = new signup_mailer_1.SignupMailer(config, outbox);
    const tokens = new access_token_1.AccessTokens(config.keys.jwt);
    return {
        config,
        db,
        outbox,
        pending,
        users,
        create: new create_signup_service_1.CreateSignupService(config, db, log, limiter, pending, users, hasher, mailer),
        verify: new verify_email_service_1.VerifyEmailService(config, db, log, limiter, pending, users),
        resend: new resend_verification_service_1.ResendVerificationService(config, db, limiter, pending, mailer),
        login: new login_service_1.LoginService(limiter, users, hasher, tokens),
        close: async () => {
            await db.close();
            await drop();
            (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true });
        },
    };
}
/** The token from a verify mail's link. */
function tokenOf(link) {
    return new URL(link).searchParams.get('signupVerifyToken') ?? '';
}
//# sourceMappingURL=services.js.map