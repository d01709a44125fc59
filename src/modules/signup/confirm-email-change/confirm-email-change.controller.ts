import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { ZodBody, ZodQuery } from '../../../common/http/zod';
import { AccountErrors } from '../account.errors';
import type { UserView } from '../domain/user.view';
import { answerFormOrJson, answerPage } from '../http/form-answer';
import {
  type ConfirmChangeBody,
  type TokenQuery,
  confirmChangeBody,
  tokenQuery,
} from './confirm-email-change.dto';
import { ConfirmEmailChangeService } from './confirm-email-change.service';
import { emailChangeActionPage, emailChangeOutcomePage, outcomeOf } from './email-change.page';

@ApiTags('account')
@Controller('users/email-change/confirm')
export class ConfirmEmailChangeController {
  constructor(private readonly service: ConfirmEmailChangeService) {}

  @Get()
  @ApiOperation({ summary: 'The confirm page of the link mailed to the new address (changes nothing)' })
  @ApiResponse({ status: 200, description: 'text/html with one button that POSTs the token' })
  async page(
    @ZodQuery(tokenQuery) query: TokenQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await answerPage(req, reply, 200, (locale) =>
      emailChangeActionPage(locale, 'confirm', query.token ?? ''),
    );
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm an email change (link token, or new address + code): moves the account' })
  @ApiResponse({ status: 200, description: '{user} with the new address; an HTML page when the form posted' })
  @ApiResponse({ status: 400, description: 'invalid_token, invalid_code or validation_failed' })
  @ApiResponse({ status: 409, description: 'already_used, or email_taken: another account has the address' })
  @ApiResponse({ status: 429, description: 'rate_limited (Retry-After)' })
  async confirm(
    @ZodQuery(tokenQuery) query: TokenQuery,
    @ZodBody(confirmChangeBody) body: ConfirmChangeBody,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await answerFormOrJson(req, reply, 200, () => this.run(query, body, req.ip), {
      page: (r, locale) =>
        'error' in r
          ? emailChangeOutcomePage(locale, 'confirm', outcomeOf(r.error))
          : emailChangeOutcomePage(locale, 'confirm', 'done', r.value.email),
      json: (user) => ({ user }),
    });
  }

  private run(query: TokenQuery, body: ConfirmChangeBody, ip: string): Promise<UserView> {
    const token = query.token ?? body.token;
    if (token !== undefined) return this.service.byToken(token, ip);
    if (body.email !== undefined && body.code !== undefined)
      return this.service.byCode(body.email, body.code, ip);
    throw new AppError(AccountErrors.missingChallenge, { token: 'required, or email and code' });
  }
}
