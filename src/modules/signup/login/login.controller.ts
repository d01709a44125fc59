import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ZodBody } from '../../../common/http/zod';
import { JsonOnlyGuard } from '../http/json-only.guard';
import { type LoginBody, type LoginResult, loginBody } from './login.dto';
import { LoginService } from './login.service';

@ApiTags('signup')
@Controller('users/login')
export class LoginController {
  constructor(private readonly service: LoginService) {}

  @Post()
  @HttpCode(200)
  @UseGuards(JsonOnlyGuard)
  @ApiOperation({ summary: 'Exchange email and password for a one-hour bearer token' })
  @ApiResponse({ status: 200, description: '{accessToken, tokenType: "Bearer", expiresIn}' })
  @ApiResponse({ status: 401, description: 'invalid_credentials (unknown, wrong or unverified: one answer)' })
  @ApiResponse({ status: 429, description: 'rate_limited after repeated failures (Retry-After)' })
  login(@ZodBody(loginBody) body: LoginBody, @Req() req: FastifyRequest): Promise<LoginResult> {
    return this.service.login(body, req.ip);
  }
}
