import { createHmac, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../core/tokens';
import { EmailErrors } from './emails.errors';

/** A request that passed the guard, with the scope its idempotency keys live in. */
export type ApiKeyRequest = FastifyRequest & { apiKeyScope: string };

const BEARER = /^Bearer +(\S{1,512})$/i;

/**
 * `Authorization: Bearer <API key>` against API_KEYS. Both sides are HMACed first (lookup key, HKDF
 * child of JWT_SECRET), so the comparison is over equal-length digests with timingSafeEqual and
 * leaks neither a key's length nor how many leading characters matched. Every configured key is
 * compared, with no early exit. The digest doubles as the key's scope for idempotency records: the
 * key itself is never stored.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly digests: Buffer[];

  constructor(@Inject(CONFIG) private readonly config: AppConfig) {
    this.digests = config.apiKeys.map((k) => this.digest(k));
  }

  private digest(key: string): Buffer {
    return createHmac('sha256', this.config.keys.lookup).update(`api-key:${key}`).digest();
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<ApiKeyRequest>();
    const match = BEARER.exec(req.headers.authorization ?? '');
    const presented = this.digest(match?.[1] ?? '');
    let found = false;
    for (const d of this.digests) found = timingSafeEqual(d, presented) || found;
    if (!match || !found) throw new AppError(EmailErrors.invalidApiKey);
    req.apiKeyScope = presented.toString('base64url');
    return true;
  }
}
