import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest, errorCodes } from 'fastify';
import type { Logger } from 'pino';
import type { Dependency } from '../../infra/outage';
import { AppError, type ErrorSpec } from './app-error';
import { CommonErrors } from './common.errors';
import { dependencyOutage } from './outage';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
}

/** Fastify's own errors (body parsing, limits) mapped to the contract's codes. */
const FASTIFY_CODES: Record<string, ErrorSpec> = {
  FST_ERR_CTP_BODY_TOO_LARGE: CommonErrors.payloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CommonErrors.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: CommonErrors.badRequest,
  FST_ERR_CTP_EMPTY_JSON_BODY: CommonErrors.malformedJson,
  FST_ERR_CTP_INVALID_JSON_BODY: CommonErrors.malformedJson,
};

/**
 * Nest turns Fastify's errors into `HttpException(message, status)`, dropping their `code`; the
 * message is all that is left to tell malformed JSON from other 400s.
 */
const FASTIFY_MESSAGES = new Map<string, ErrorSpec>(
  Object.entries(FASTIFY_CODES).map(([code, spec]) => {
    const Ctor = (errorCodes as unknown as Record<string, new () => Error>)[code];
    return [new Ctor().message, spec];
  }),
);

/** Seconds a client should wait after a 503 for an outage: both engines reconnect within a second. */
const OUTAGE_RETRY_AFTER = 2;

const BY_STATUS: Record<number, ErrorSpec> = {
  400: CommonErrors.badRequest,
  401: CommonErrors.unauthorized,
  403: CommonErrors.forbidden,
  404: CommonErrors.notFound,
  405: CommonErrors.methodNotAllowed,
  413: CommonErrors.payloadTooLarge,
  415: CommonErrors.unsupportedMediaType,
  429: CommonErrors.rateLimited,
  503: CommonErrors.unavailable,
};

/**
 * Turns anything thrown into the contract's JSON error. Only AppError messages and our own
 * catalogue reach the client; everything else is logged with the request id and answered as a
 * generic 500, so no stack trace, SQL or provider secret leaves the service.
 */
export function toErrorBody(err: unknown): {
  body: ErrorBody;
  retryAfter?: number;
  internal: boolean;
  /** Set when a backing service is down: logged as a warning, not as a bug. */
  outage?: Dependency;
} {
  if (err instanceof AppError) {
    const body: ErrorBody = { statusCode: err.status, code: err.code, message: err.message };
    if (err.fields) body.fields = err.fields;
    return { body, retryAfter: err.retryAfter, internal: false };
  }
  const outage = dependencyOutage(err);
  if (outage) {
    const spec = outage === 'database' ? CommonErrors.databaseUnavailable : CommonErrors.redisUnavailable;
    const body = { statusCode: spec.status, code: spec.code, message: spec.message };
    return { body, retryAfter: OUTAGE_RETRY_AFTER, internal: false, outage };
  }
  const fastifyCode = (err as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
    const spec = FASTIFY_CODES[fastifyCode];
    return { body: { statusCode: spec.status, code: spec.code, message: spec.message }, internal: false };
  }
  const known = err instanceof HttpException ? FASTIFY_MESSAGES.get(err.message) : undefined;
  if (known)
    return { body: { statusCode: known.status, code: known.code, message: known.message }, internal: false };
  const status =
    err instanceof HttpException ? err.getStatus() : (err as { statusCode?: number } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const spec = BY_STATUS[status] ?? CommonErrors.badRequest;
    return { body: { statusCode: status, code: spec.code, message: spec.message }, internal: false };
  }
  const spec = CommonErrors.internal;
  return { body: { statusCode: spec.status, code: spec.code, message: spec.message }, internal: true };
}

export function sendError(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  log: Logger,
): FastifyReply {
  const { body, retryAfter, internal, outage } = toErrorBody(err);
  if (outage)
    log.warn(
      { dependency: outage, reqId: request.id, route: request.routeOptions?.url },
      'dependency unavailable',
    );
  if (internal) log.error({ err, reqId: request.id, route: request.routeOptions?.url }, 'unhandled error');
  if (retryAfter !== undefined) void reply.header('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
  return reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(err, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.log);
  }
}
