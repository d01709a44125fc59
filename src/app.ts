import 'reflect-metadata';
import { createRequire } from 'node:module';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { type Role, roleParts } from './roles';
import { WORKER } from './modules/mail/worker/worker.limits';

export { MAILBOX_ENDPOINT } from './modules/mailbox/mailbox.port';
/** How long a stopping worker waits for sends in flight (the CLI's shutdown watchdog adds a margin). */
export const WORKER_DRAIN_MS = WORKER.drainMs;
import type { AppConfig } from './config/config';
import type { Runtime } from './core/core.module';
import { ErrorFilter } from './common/errors/error.filter';
import { BODY_LIMIT, installHttpBehaviour, requestId } from './common/http/http.setup';
import { applyOpenApi } from './common/http/openapi';
import { NestPinoLogger } from './common/logging/logger';
import { HealthRegistry } from './modules/health/health.port';
import type { Db } from './infra/db/db.port';
import { type AppMetrics, METRICS } from './modules/metrics/metrics.port';

export interface RunningApp {
  app: NestFastifyApplication;
  role: Role;
  runtime: Runtime;
  /** The bound HTTP address, e.g. http://127.0.0.1:3000 (useful with PORT=0). */
  url: string;
  /**
   * Graceful stop: /health turns 503, the worker stops taking messages and drains (in-flight sends
   * get WORKER.drainMs, then are released), the HTTP server stops accepting and finishes requests
   * under way, then queue, Redis and database connections close.
   */
  close(): Promise<void>;
}

/**
 * Opens the store for the configured profile and brings its schema up to date. The drivers are
 * loaded here, not at the top: a mailbox-only process never opens a database and never loads one.
 */
export async function openDatabase(config: AppConfig, log: Logger): Promise<Db> {
  const [{ migrate }, { coreMigrations }] = await Promise.all([
    import('./infra/db/migrator.js'),
    import('./infra/db/migrations/index.js'),
  ]);
  if (config.profile === 'distributed') {
    const { PgDb } = await import('./infra/db/pg.db.js');
    const started = Date.now();
    const db = await PgDb.open(config.databaseUrl!, {
      queryTimeoutMs: config.databaseQueryTimeoutMs,
      prepare: config.databasePreparedStatements,
    });
    const applied = await migrate(db, coreMigrations);
    log.info({ applied, ms: Date.now() - started }, 'PostgreSQL ready');
    return db;
  }
  const { PgliteDb } = await import('./infra/db/pglite.db.js');
  const dir = path.join(config.dataDir, 'db');
  const started = Date.now();
  const db = await PgliteDb.open(dir);
  const applied = await migrate(db, coreMigrations);
  log.info({ dir, applied, ms: Date.now() - started }, 'embedded database ready');
  return db;
}

/**
 * Fastify builds its JSON Schema compilers (ajv, fast-json-stringify: about 110 modules and 1.5 MB)
 * as it starts, yet only a route declaring a JSON schema uses them, and mailgate validates with
 * zod: they are loaded on first use instead, from fastify's own dependencies, as fastify would.
 */
function lazySchemaCompilers(): NonNullable<FastifyServerOptions['schemaController']> {
  const fromFastify = createRequire(require.resolve('fastify'));
  type Build = (...args: unknown[]) => unknown;
  const onFirstUse = (name: string): Build => {
    let build: Build | undefined;
    return (...args) => (build ??= (fromFastify(name) as () => Build)())(...args);
  };
  type Compilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
  return {
    compilersFactory: {
      buildValidator: onFirstUse('@fastify/ajv-compiler') as unknown as Compilers['buildValidator'],
      buildSerializer: onFirstUse(
        '@fastify/fast-json-stringify-compiler',
      ) as unknown as Compilers['buildSerializer'],
    },
  };
}

/** GET /docs (OpenAPI UI) and /docs/json. */
async function serveOpenApi(app: NestFastifyApplication): Promise<void> {
  const swagger = await import('@nestjs/swagger');
  const { DocumentBuilder, SwaggerModule } = swagger;
  applyOpenApi(swagger);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mailgate')
      .setDescription('Email-verified signup, a transactional email courier and a dev mailbox.')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
}

/**
 * Builds the service for one role (`all`: API, worker and mailbox, as `npm start`) and starts
 * listening. Used by the CLI and by tests. A mailbox-only process opens no database and no Redis.
 */
export async function startApp(config: AppConfig, log: Logger, role: Role = 'all'): Promise<RunningApp> {
  const parts = roleParts(role);
  const needsStores = parts.api || parts.worker;
  const db = needsStores ? await openDatabase(config, log) : undefined;
  const redis =
    needsStores && config.redisUrl
      ? await (await import('./infra/redis/redis.js')).openRedis(config.redisUrl)
      : undefined;
  const runtime: Runtime = { config, db, log, redis };
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.http.trustProxy,
    genReqId: requestId,
    logger: false,
    return503OnClosing: false,
    schemaController: lazySchemaCompilers(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    await AppModule.forRoot(runtime, role),
    adapter,
    {
      logger: new NestPinoLogger(log),
      bufferLogs: false,
    },
  );
  app.useGlobalFilters(new ErrorFilter(log));
  // No app.enableShutdownHooks(): the CLI owns SIGTERM/SIGINT (cli.ts), calls close() and exits 0.
  const metrics = app.get<AppMetrics>(METRICS);
  installHttpBehaviour(app.getHttpAdapter().getInstance(), log, (req, status, seconds) =>
    metrics.httpRequest(req.method, req.route, status, seconds),
  );
  // The OpenAPI document and UI describe the API; a mailbox-only process has none and skips them
  // (swagger-ui and the document builder cost it a few MB; its REST API is in docs/mailbox.md).
  if (parts.api) await serveOpenApi(app);
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = async () => {
    app.get(HealthRegistry).beginShutdown();
    await app.close();
    redis?.disconnect();
    await db?.close();
  };
  return {
    app,
    role,
    runtime,
    url,
    close: () => (closing ??= close()),
  };
}
