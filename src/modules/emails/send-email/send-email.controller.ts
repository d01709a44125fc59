import { Controller, Headers, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { CommonErrors } from '../../../common/errors/common.errors';
import { ZodBody } from '../../../common/http/zod';
import { ApiKeyGuard, type ApiKeyRequest } from '../api-key.guard';
import { JsonBodyGuard } from '../json-body.guard';
import {
  idempotencyKeyHeader,
  type SendEmailBody,
  type SendEmailResult,
  sendEmailBody,
} from './send-email.dto';
import { SendEmailService } from './send-email.service';

@ApiTags('emails')
@ApiBearerAuth()
@Controller('emails')
export class SendEmailController {
  constructor(private readonly service: SendEmailService) {}

  @Post()
  @HttpCode(202)
  @UseGuards(ApiKeyGuard, JsonBodyGuard)
  @ApiOperation({ summary: 'Queue an email (raw content or a template); the worker sends it' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–255 printable characters; 24 h' })
  @ApiResponse({ status: 202, description: '{id, status}: durable in the outbox' })
  @ApiResponse({ status: 400, description: 'validation_failed or malformed_json' })
  @ApiResponse({ status: 401, description: 'invalid_api_key' })
  @ApiResponse({ status: 413, description: 'payload_too_large (64 KiB)' })
  @ApiResponse({ status: 415, description: 'unsupported_media_type' })
  @ApiResponse({ status: 422, description: 'idempotency_key_reused' })
  async send(
    @ZodBody(sendEmailBody) body: SendEmailBody,
    @Headers('idempotency-key') rawKey: unknown,
    @Req() req: ApiKeyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SendEmailResult> {
    const key = idempotencyKeyHeader.safeParse(rawKey);
    if (!key.success)
      throw new AppError(CommonErrors.validationFailed, { 'Idempotency-Key': key.error.issues[0].message });
    const outcome = await this.service.send({ body, scope: req.apiKeyScope, idempotencyKey: key.data });
    if (outcome.replayed) void reply.header('Idempotent-Replayed', 'true');
    return { id: outcome.id, status: outcome.status };
  }
}
