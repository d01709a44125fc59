import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ZodBody } from '../../../common/http/zod';
import { JsonOnlyGuard } from '../http/json-only.guard';
import { contextOf } from '../http/request-context';
import { ACCEPTED_MESSAGE, type CreateSignupBody, createSignupBody } from './create-signup.dto';
import { CreateSignupService } from './create-signup.service';

@ApiTags('signup')
@Controller('users')
export class CreateSignupController {
  constructor(private readonly service: CreateSignupService) {}

  @Post()
  @HttpCode(202)
  @UseGuards(JsonOnlyGuard)
  @ApiOperation({ summary: 'Start a signup: mails a link and a code (or a notice if the account exists)' })
  @ApiResponse({
    status: 202,
    description: 'Accepted; the same answer whether or not the address has an account',
  })
  @ApiResponse({ status: 400, description: 'validation_failed or malformed_json' })
  @ApiResponse({ status: 415, description: 'unsupported_media_type' })
  @ApiResponse({ status: 429, description: 'rate_limited (Retry-After)' })
  @ApiResponse({ status: 503, description: 'service_unavailable: nothing was stored' })
  async create(
    @ZodBody(createSignupBody) body: CreateSignupBody,
    @Req() req: FastifyRequest,
  ): Promise<{ message: string }> {
    await this.service.create(body, contextOf(req));
    return { message: ACCEPTED_MESSAGE };
  }
}
