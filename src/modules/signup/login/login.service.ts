import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../../common/errors/app-error';
import { RATE_LIMITER, type RateLimiter } from '../../rate-limit/rate-limit.port';
import { USER_REPOSITORY, type UserRepository } from '../database/user.repository';
import { ACCESS_TOKEN_SECONDS, AccessTokens } from '../domain/access-token';
import { emailProblem, parseEmail } from '../../../common/email/email-address';
import { PasswordHasher } from '../domain/password.hasher';
import { LIMITS, enforceEach } from '../domain/signup.limits';
import { SignupErrors } from '../signup.errors';
import type { LoginBody, LoginResult } from './login.dto';

/**
 * POST /users/login. Unknown address, wrong password and a signup not yet verified (which has no
 * users row) are one answer, and all three run argon2 once (against a dummy hash when there is no
 * account), so neither body nor timing tells them apart.
 */
@Injectable()
export class LoginService {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
  ) {}

  async login(body: LoginBody, ip: string): Promise<LoginResult> {
    const key =
      emailProblem(body.email) === undefined ? parseEmail(body.email).key : body.email.trim().toLowerCase();
    await enforceEach(this.limiter, [
      [`login-ip:${ip}`, LIMITS.loginPerIp],
      [`login-address:${key}`, LIMITS.loginPerAddress],
    ]);
    const user = await this.users.findByEmailKey(key);
    const ok = await this.hasher.verify(user?.passwordHash, body.password);
    if (!user || !ok) throw new AppError(SignupErrors.invalidCredentials);
    await this.limiter.reset(`login-address:${key}`);
    const accessToken = await this.tokens.issue({ sub: user.id, ver: user.tokenVersion });
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_SECONDS };
  }
}
