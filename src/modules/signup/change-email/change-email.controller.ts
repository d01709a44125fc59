import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodBody } from '../../../common/http/zod';
import { JsonOnlyGuard } from '../http/json-only.guard';
import { type AuthedRequest, BearerAuthGuard } from '../users/bearer-auth.guard';
import { CHANGE_ACCEPTED_MESSAGE, type ChangeEmailBody, changeEmailBody } from './change-email.dto';
import { ChangeEmailService } from './change-email.service';

@ApiTags('account')
@ApiBearerAuth()
@Controller('users/me/email')
export class ChangeEmailController {
  constructor(private readonly service: ChangeEmailService) {}

  @Post()
  @HttpCode(202)
  @UseGuards(BearerAuthGuard, JsonOnlyGuard)
  @ApiOperation({
    summary: 'Ask to change the account email: confirmed on the new address, undoable from the old one',
  })
  @ApiResponse({ status: 202, description: '{message}; the address changes only once confirmed' })
  @ApiResponse({ status: 400, description: 'validation_failed (also: the address is already yours)' })
  @ApiResponse({ status: 401, description: 'unauthorized (bearer token) or invalid_password' })
  @ApiResponse({ status: 429, description: 'rate_limited (Retry-After)' })
  async change(
    @ZodBody(changeEmailBody) body: ChangeEmailBody,
    @Req() req: AuthedRequest,
  ): Promise<{ message: string }> {
    await this.service.request(req.user, body);
    return { message: CHANGE_ACCEPTED_MESSAGE };
  }
}
