import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { CommonErrors } from '../../../common/errors/common.errors';

export function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * JSON routes accept JSON only (CONTRACT §4): the service parses HTML forms too (for the verify
 * page), and a form post to a JSON route must be 415, not quietly accepted.
 */
@Injectable()
export class JsonOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isJson(req.headers['content-type'])) throw new AppError(CommonErrors.unsupportedMediaType);
    return true;
  }
}
