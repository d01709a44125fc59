import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { CommonErrors } from '../../../common/errors/common.errors';
import { ZodBody, ZodQuery, openApiSchema, parseWith } from '../../../common/http/zod';
import { AccountErrors } from '../account.errors';
import { answerFormOrJson, answerPage } from '../http/form-answer';
import { contextOf } from '../http/request-context';
import { ConfirmPasswordResetService } from './confirm-password-reset.service';
import {
  type ConfirmResetBody,
  RESET_ACCEPTED_MESSAGE,
  RESET_DONE_MESSAGE,
  type ResetPageQuery,
  confirmResetBody,
  requestResetBody,
  resetPageQuery,
} from './password-reset.dto';
import {
  type ResetOutcomePage,
  resetFormPage,
  resetOutcomePage,
  resetRequestPage,
  resetRequestedPage,
} from './password-reset.page';
import { RequestPasswordResetService } from './request-password-reset.service';

function outcomeOf(err: AppError): ResetOutcomePage {
  if (err.code === AccountErrors.alreadyUsed.code) return 'used';
  if (err.code === AccountErrors.invalidToken.code) return 'bad';
  return 'busy';
}

@ApiTags('account')
@Controller('users/password-reset')
export class PasswordResetController {
  constructor(
    private readonly requests: RequestPasswordResetService,
    private readonly confirms: ConfirmPasswordResetService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Ask for a password-reset link (mailed only if the address has an account)' })
  @ApiBody({ schema: openApiSchema(requestResetBody) })
  @ApiResponse({
    status: 202,
    description: 'Accepted; the same answer for every address ("check your mail" HTML for the form)',
  })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 429, description: 'rate_limited (Retry-After)' })
  @ApiResponse({ status: 503, description: 'service_unavailable' })
  async request(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Validated here rather than by a pipe, so that a form with a refused address gets its page back.
    const request = () => this.requests.request(parseWith(requestResetBody, raw).email, contextOf(req));
    await answerFormOrJson(req, reply, 202, request, {
      page: (r, locale) => {
        if (!('error' in r)) return resetRequestedPage(locale, 'sent');
        if (r.error.code === CommonErrors.validationFailed.code) return resetRequestPage(locale, true);
        return resetRequestedPage(locale, r.error.code === CommonErrors.rateLimited.code ? 'slow' : 'busy');
      },
      json: () => ({ message: RESET_ACCEPTED_MESSAGE }),
    });
  }

  @Get()
  @ApiOperation({
    summary:
      'Without a token: a form asking for the address. With the mailed token: a new-password form. Changes nothing.',
  })
  @ApiResponse({
    status: 200,
    description:
      'text/html: a form that POSTs to /users/password-reset, or (token) to /users/password-reset/confirm',
  })
  async page(
    @ZodQuery(resetPageQuery) query: ResetPageQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await answerPage(req, reply, 200, (locale) =>
      query.token ? resetFormPage(locale, query.token) : resetRequestPage(locale),
    );
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Use a reset token: sets the new password and signs out every session' })
  @ApiResponse({ status: 200, description: '{message}; no access token (sign in again); HTML for the form' })
  @ApiResponse({ status: 400, description: 'invalid_token or validation_failed' })
  @ApiResponse({ status: 409, description: 'already_used: the token was used (or lost to a concurrent use)' })
  @ApiResponse({ status: 429, description: 'rate_limited (Retry-After)' })
  async confirm(
    @ZodBody(confirmResetBody) body: ConfirmResetBody,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const confirm = () => this.confirms.confirm(body.token ?? '', body.password ?? '', req.ip);
    await answerFormOrJson(req, reply, 200, confirm, {
      page: (r, locale) => {
        if (!('error' in r)) return resetOutcomePage(locale, 'done');
        // A password the rules refuse: the form again, with the hint, so the link is not spent.
        return r.error.code === CommonErrors.validationFailed.code
          ? resetFormPage(locale, body.token ?? '', true)
          : resetOutcomePage(locale, outcomeOf(r.error));
      },
      json: () => ({ message: RESET_DONE_MESSAGE }),
    });
  }
}
