import 'reflect-metadata';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { type Role, roleParts } from './roles';
import { WORKER } from './modules/mail/worker/mail.worker';

export { MAILBOX_ENDPOINT } from './modules/mailbox/mailbox.port';
/** How long a stopping worker waits for sends in flight (the CLI's shutdown watchdog adds a margin). */
export const WORKER_DRAIN_MS = WORKER.drainMs;
import type { AppConfig } from './config/config';
import type { Runtime } from './core/core.module';
import { ErrorFilter } from './common/errors/error.filter';
import { BODY_LIMIT, installHttpBehaviour, requestId } from './common/http/http.setup';
import { NestPinoLogger } from './common/logging/logger';
import { HealthRegistry } from './modules/health/health.port';
import type { Db } from './infra/db/db.port';
import { migrate } from './infra/db/migrator';
import { coreMigrations } from './infra/db/migrations';
import { PgDb } from './infra/db/pg.db';
import { PgliteDb } from './infra/db/pglite.db';
import { openRedis } from './infra/redis/redis';
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

/** Opens the store for the configured profile and brings its schema up to date. */
export async function openDatabase(config: AppConfig, log: Logger): Promise<Db> {
  if (config.profile === 'distributed') {
    const started = Date.now();
    const db = await PgDb.open(config.databaseUrl!, { queryTimeoutMs: config.databaseQueryTimeoutMs });
    const applied = await migrate(db, coreMigrations);
    log.info({ applied, ms: Date.now() - started }, 'PostgreSQL ready');
    return db;
  }
  const dir = path.join(config.dataDir, 'db');
  const started = Date.now();
  const db = await PgliteDb.open(dir);
  const applied = await migrate(db, coreMigrations);
  log.info({ dir, applied, ms: Date.now() - started }, 'embedded database ready');
  return db;
}

/**
 * Builds the service for one role (`all`: API, worker and mailbox, as `npm start`) and starts
 * listening. Used by the CLI and by tests. A mailbox-only process opens no database and no Redis.
 */
export async function startApp(config: AppConfig, log: Logger, role: Role = 'all'): Promise<RunningApp> {
  const parts = roleParts(role);
  const needsStores = parts.api || parts.worker;
  const db = needsStores ? await openDatabase(config, log) : undefined;
  const redis = needsStores && config.redisUrl ? await openRedis(config.redisUrl) : undefined;
  const runtime: Runtime = { config, db, log, redis };
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.http.trustProxy,
    genReqId: requestId,
    logger: false,
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(runtime, role), adapter, {
    logger: new NestPinoLogger(log),
    bufferLogs: false,
  });
  app.useGlobalFilters(new ErrorFilter(log));
  // No app.enableShutdownHooks(): the CLI owns SIGTERM/SIGINT (cli.ts), calls close() and exits 0.
  const metrics = app.get<AppMetrics>(METRICS);
  installHttpBehaviour(app.getHttpAdapter().getInstance(), log, (req, status, seconds) =>
    metrics.httpRequest(req.method, req.route, status, seconds),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mailgate')
      .setDescription('Email-verified signup, a transactional email courier and a dev mailbox.')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
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
