import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../api-key.guard';
import { type EmailView, GetEmailService } from './get-email.service';

@ApiTags('emails')
@ApiBearerAuth()
@Controller('emails')
@UseGuards(ApiKeyGuard)
export class GetEmailController {
  constructor(private readonly service: GetEmailService) {}

  @Get(':id')
  @ApiOperation({ summary: 'An email: its status and every delivery attempt' })
  @ApiResponse({
    status: 200,
    description: '{id, status, to, subject, attempts, transport, messageId, createdAt, sentAt?}',
  })
  @ApiResponse({ status: 401, description: 'invalid_api_key' })
  @ApiResponse({ status: 404, description: 'email_not_found' })
  get(@Param('id') id: string): Promise<EmailView> {
    return this.service.get(id);
  }
}
