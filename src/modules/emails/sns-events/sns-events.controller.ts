import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppError } from '../../../common/errors/app-error';
import { CommonErrors } from '../../../common/errors/common.errors';
import { TEXT_BODY_ROUTE } from '../../../common/http/http.setup';
import { SnsEventsService } from './sns-events.service';

/**
 * Where an SNS HTTP(S) subscription delivers SES bounce and complaint notifications. No API key:
 * SNS cannot send one. Authenticity comes from the message signature (SnsSignatureVerifier).
 * SNS posts its JSON as `text/plain; charset=UTF-8` by default, so this route accepts text/plain
 * (and application/json, for a subscription whose delivery policy sets headerContentType).
 */
@ApiTags('emails')
@Controller('emails/events')
export class SnsEventsController {
  constructor(private readonly events: SnsEventsService) {}

  @Post('sns')
  @HttpCode(204)
  @RouteConfig(TEXT_BODY_ROUTE)
  @ApiOperation({ summary: 'SES bounce/complaint notifications from an Amazon SNS subscription (signed)' })
  @ApiResponse({ status: 204, description: 'Handled (or deliberately ignored)' })
  @ApiResponse({
    status: 403,
    description: 'sns_topic_not_allowed, sns_url_not_allowed, sns_signature_invalid',
  })
  async sns(
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-amz-sns-message-type') messageType: string | undefined,
    @Body() body: unknown,
  ): Promise<void> {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/plain' && type !== 'application/json')
      throw new AppError(CommonErrors.unsupportedMediaType);
    await this.events.receive(messageType, body);
  }
}
