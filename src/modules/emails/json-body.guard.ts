import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { CommonErrors } from '../../common/errors/common.errors';

/**
 * JSON only (CONTRACT §4). The service also parses HTML forms (for the signup confirm page); a form
 * posted here must be a 415, not validated as if it were JSON.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type))
      throw new AppError(CommonErrors.unsupportedMediaType);
    return true;
  }
}
