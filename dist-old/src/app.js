"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.openDatabase = openDatabase;
exports.startApp = startApp;
require("reflect-metadata");
const node_path_1 = __importDefault(require("node:path"));
const core_1 = require("@nestjs/core");
const platform_fastify_1 = require("@nestjs/platform-fastify");
const swagger_1 = require("@nestjs/swagger");
const app_module_1 = require("./app.module");
const error_filter_1 = require("./common/errors/error.filter");
const http_setup_1 = require("./common/http/http.setup");
const logger_1 = require("./common/logging/logger");
const migrator_1 = require("./infra/db/migrator");
const migrations_1 = require("./infra/db/migrations");
const pg_db_1 = require("./infra/db/pg.db");
const pglite_db_1 = require("./infra/db/pglite.db");
const redis_1 = require("./infra/redis/redis");
/** Opens the store for the configured profile and brings its schema up to date. */
async function openDatabase(config, log) {
    if (config.profile === 'distributed') {
        const started = Date.now();
        const db = await pg_db_1.PgDb.open(config.databaseUrl);
        const applied = await (0, migrator_1.migrate)(db, migrations_1.coreMigrations);
        log.info({ applied, ms: Date.now() - started }, 'PostgreSQL ready');
        return db;
    }
    const dir = node_path_1.default.join(config.dataDir, 'db');
    const started = Date.now();
    const db = await pglite_db_1.PgliteDb.open(dir);
    const applied = await (0, migrator_1.migrate)(db, migrations_1.coreMigrations);
    log.info({ dir, applied, ms: Date.now() - started }, 'embedded database ready');
    return db;
}
/** Builds the whole service (API, worker, mailbox) and starts listening. Used by main and tests. */
async function startApp(config, log) {
    const db = await openDatabase(config, log);
    const redis = config.redisUrl ? await (0, redis_1.openRedis)(config.redisUrl) : undefined;
    const runtime = { config, db, log, redis };
    const adapter = new platform_fastify_1.FastifyAdapter({
        bodyLimit: http_setup_1.BODY_LIMIT,
        trustProxy: config.http.trustProxy,
        genReqId: http_setup_1.requestId,
        logger: false,
        return503OnClosing: false,
    });
    const app = await core_1.NestFactory.create(app_module_1.AppModule.forRoot(runtime), adapter, {
        logger: new logger_1.NestPinoLogger(log),
        bufferLogs: false,
    });
    app.useGlobalFilters(new error_filter_1.ErrorFilter(log));
    app.enableShutdownHooks();
    (0, http_setup_1.installHttpBehaviour)(app.getHttpAdapter().getInstance(), log);
    const document = swagger_1.SwaggerModule.createDocument(app, new swagger_1.DocumentBuilder()
        .setTitle('mailgate')
        .setDescription('Email-verified signup, a transactional email courier and a dev mailbox.')
        .addBearerAuth()
        .build());
    swagger_1.SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
    await app.listen(config.http.port, config.http.host);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
    return {
        app,
        runtime,
        url,
        close: async () => {
            await app.close();
            redis?.disconnect();
            await db.close();
        },
    };
}
//# sourceMappingURL=app.js.map