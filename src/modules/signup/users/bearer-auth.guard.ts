import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { USER_REPOSITORY, type User, type UserRepository } from '../database/user.repository';
import { AccessTokens } from '../domain/access-token';
import { SignupErrors } from '../signup.errors';

export type AuthedRequest = FastifyRequest & { user: User };

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Bearer access tokens: a valid signature and expiry are not enough, the token's `ver` must equal
 * the account's current token_version (bumped on password reset to revoke older tokens), and the
 * account must still exist.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokens,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const match = BEARER.exec(req.headers.authorization ?? '');
    const claims = match ? await this.tokens.verify(match[1]) : undefined;
    const user = claims ? await this.users.findById(claims.sub) : undefined;
    if (!claims || !user || user.tokenVersion !== claims.ver) throw new AppError(SignupErrors.unauthorized);
    req.user = user;
    return true;
  }
}
