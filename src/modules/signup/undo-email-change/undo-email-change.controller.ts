import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { ZodBody, ZodQuery } from '../../../common/http/zod';
import { AccountErrors } from '../account.errors';
import { type TokenQuery, tokenQuery } from '../confirm-email-change/confirm-email-change.dto';
import {
  emailChangeActionPage,
  emailChangeOutcomePage,
  outcomeOf,
} from '../confirm-email-change/email-change.page';
import { answerFormOrJson, answerPage } from '../http/form-answer';
import { type UndoBody, undoBody } from './undo-email-change.dto';
import { UndoEmailChangeService } from './undo-email-change.service';

@ApiTags('account')
@Controller('users/email-change/undo')
export class UndoEmailChangeController {
  constructor(private readonly service: UndoEmailChangeService) {}

  @Get()
  @ApiOperation({ summary: 'The undo page of the link mailed to the old address (changes nothing)' })
  @ApiResponse({ status: 200, description: 'text/html with one button that POSTs the token' })
  async page(
    @ZodQuery(tokenQuery) query: TokenQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await answerPage(req, reply, 200, (locale) => emailChangeActionPage(locale, 'undo', query.token ?? ''));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo an email change (7 days): cancels it or restores the old address; signs out everywhere',
  })
  @ApiResponse({ status: 200, description: '{message, email}; an HTML page when the form posted' })
  @ApiResponse({ status: 400, description: 'invalid_token or validation_failed' })
  @ApiResponse({
    status: 409,
    description: 'already_used, or email_taken: the old address has another account',
  })
  @ApiResponse({ status: 429, description: 'rate_limited (Retry-After)' })
  async undo(
    @ZodQuery(tokenQuery) query: TokenQuery,
    @ZodBody(undoBody) body: UndoBody,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const undo = () => {
      const token = query.token ?? body.token;
      if (token === undefined) throw new AppError(AccountErrors.missingChallenge, { token: 'required' });
      return this.service.undo(token, req.ip);
    };
    await answerFormOrJson(req, reply, 200, undo, {
      page: (r, locale) =>
        'error' in r
          ? emailChangeOutcomePage(locale, 'undo', outcomeOf(r.error))
          : emailChangeOutcomePage(locale, 'undo', 'done', r.value),
      json: (email) => ({ message: UNDONE_MESSAGE, email }),
    });
  }
}

const UNDONE_MESSAGE =
  'The email change was undone and every session was signed out. If you did not ask for it, reset your password.';
