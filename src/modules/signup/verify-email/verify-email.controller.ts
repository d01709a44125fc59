import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { ZodBody, ZodQuery } from '../../../common/http/zod';
import type { UserView } from '../domain/user.view';
import { SignupErrors } from '../signup.errors';
import { type VerifyBody, type VerifyQuery, verifyBody, verifyQuery } from './verify-email.dto';
import { type Outcome, confirmPage, outcomePage } from './verify-email.page';
import { VerifyEmailService } from './verify-email.service';
import { answerFormOrJson, answerPage } from '../http/form-answer';

function outcomeOf(err: AppError): Outcome {
  if (err.code === SignupErrors.alreadyVerified.code) return 'used';
  if (err.code === SignupErrors.invalidToken.code || err.code === SignupErrors.invalidCode.code) return 'bad';
  return 'busy';
}

@ApiTags('signup')
@Controller('users/email-verify')
export class VerifyEmailController {
  constructor(private readonly service: VerifyEmailService) {}

  @Get()
  @ApiOperation({ summary: 'The confirm page of the emailed link (changes nothing: scanners open links)' })
  @ApiResponse({ status: 200, description: 'text/html with one button that POSTs the token' })
  async page(
    @ZodQuery(verifyQuery) query: VerifyQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await answerPage(req, reply, 200, (locale) => confirmPage(locale, query.signupVerifyToken ?? ''));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Use a challenge (link token or email + code): creates the account' })
  @ApiResponse({ status: 201, description: '{user}; an HTML page when the confirm form posted it' })
  @ApiResponse({ status: 400, description: 'invalid_token, invalid_code or validation_failed' })
  @ApiResponse({ status: 409, description: 'already_verified: the challenge was used (or lost to another)' })
  @ApiResponse({ status: 429, description: 'rate_limited (Retry-After)' })
  async verify(
    @ZodQuery(verifyQuery) query: VerifyQuery,
    @ZodBody(verifyBody) body: VerifyBody,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Unexpected errors go to the global filter (logged, generic 500) even for the form.
    await answerFormOrJson(req, reply, 201, () => this.run(query, body, req.ip), {
      page: (r, locale) =>
        'error' in r ? outcomePage(locale, outcomeOf(r.error)) : outcomePage(locale, 'done', r.value.name),
      json: (user) => ({ user }),
    });
  }

  private run(query: VerifyQuery, body: VerifyBody, ip: string): Promise<UserView> {
    const token = query.signupVerifyToken ?? body.signupVerifyToken;
    if (token !== undefined) return this.service.byToken(token, ip);
    if (body.email !== undefined && body.code !== undefined)
      return this.service.byCode(body.email, body.code, ip);
    throw new AppError(SignupErrors.missingChallenge, { signupVerifyToken: 'required, or email and code' });
  }
}
