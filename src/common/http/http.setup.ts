import { randomUUID } from 'node:crypto';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import { CommonErrors } from '../errors/common.errors';
import { sendError } from '../errors/error.filter';

/**
 * Route config (`@RouteConfig(TEXT_BODY_ROUTE)` from @nestjs/platform-fastify) for a route that
 * accepts a text/plain body, handed to it as a string. Every other route answers such a body 415.
 */
export const TEXT_BODY_ROUTE = { textBody: true } as const;

/** The contract's limit on every request body. */
export const BODY_LIMIT = 64 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's X-Request-Id when it is sane (for tracing across services), else makes one. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Query strings carry single-use tokens: never write them to logs. */
function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

/**
 * Fastify-level behaviour Nest does not cover: the request id on every response, one access-log
 * line per request and the request metrics. Body-parser errors and 404s reach the global
 * ErrorFilter through the error and not-found handlers Nest installs.
 */
export function installHttpBehaviour(
  fastify: FastifyInstance,
  log: Logger,
  /** Told about every answered request, e.g. the metrics module; `route` is the matched pattern. */
  observe?: (req: { method: string; route?: string }, status: number, seconds: number) => void,
): void {
  // The API speaks JSON (and HTML forms where a route accepts them): a text/plain body must be a
  // 415, not a string handed to validation. The one exception is a route that declares
  // TEXT_BODY_ROUTE (Amazon SNS posts its JSON as text/plain); it gets the body as a string.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (req, body, done) => {
    const config = req.routeOptions.config as { textBody?: boolean } | undefined;
    if (config?.textBody === true) done(null, body);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/plain'), undefined);
  });
  // Fastify's own "closing" answer is a fixed body outside the contract's error shape; this one
  // is the same 503 in the contract's shape (see `return503OnClosing: false` in app.ts).
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onRequest', async (req, reply) => {
    void reply.header('X-Request-Id', req.id);
    if (closing) {
      void reply.header('Connection', 'close');
      return sendError(new AppError(CommonErrors.shuttingDown, undefined, 5), req, reply, log);
    }
  });
  fastify.addHook('onResponse', async (req: FastifyRequest, reply) => {
    observe?.(
      { method: req.method, route: req.routeOptions?.url },
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    log.info(
      {
        reqId: req.id,
        method: req.method,
        path: pathOnly(req.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
}
