import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ZodBody } from '../../../common/http/zod';
import { ACCEPTED_MESSAGE } from '../create-signup/create-signup.dto';
import { JsonOnlyGuard } from '../http/json-only.guard';
import { contextOf } from '../http/request-context';
import { type ResendBody, resendBody } from './resend-verification.dto';
import { ResendVerificationService } from './resend-verification.service';

@ApiTags('signup')
@Controller('users/resend-verification')
export class ResendVerificationController {
  constructor(private readonly service: ResendVerificationService) {}

  @Post()
  @HttpCode(202)
  @UseGuards(JsonOnlyGuard)
  @ApiOperation({ summary: 'Send a fresh link and code for a pending signup' })
  @ApiResponse({ status: 202, description: 'The same answer for any address' })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({
    status: 429,
    description: 'rate_limited: one a minute, ten a day per address (Retry-After)',
  })
  async resend(
    @ZodBody(resendBody) body: ResendBody,
    @Req() req: FastifyRequest,
  ): Promise<{ message: string }> {
    await this.service.resend(body.email, contextOf(req));
    return { message: ACCEPTED_MESSAGE };
  }
}
