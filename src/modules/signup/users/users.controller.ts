import { Controller, Get, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppError } from '../../../common/errors/app-error';
import { type UserView, toView } from '../domain/user.view';
import { SignupErrors } from '../signup.errors';
import { type AuthedRequest, BearerAuthGuard } from './bearer-auth.guard';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@UseGuards(BearerAuthGuard)
export class UsersController {
  @Get('me')
  @ApiOperation({ summary: 'The account the bearer token belongs to' })
  @ApiResponse({ status: 200, description: '{id, name, email, createdAt}' })
  @ApiResponse({ status: 401, description: 'unauthorized: no, bad, expired or revoked token' })
  me(@Req() req: AuthedRequest): UserView {
    return toView(req.user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An account by id: only your own' })
  @ApiResponse({ status: 200, description: '{id, name, email, createdAt}' })
  @ApiResponse({ status: 401, description: 'unauthorized' })
  @ApiResponse({ status: 403, description: 'forbidden: any id that is not yours' })
  byId(@Param('id') id: string, @Req() req: AuthedRequest): UserView {
    // Same answer for every foreign id, existing or not: ids cannot be probed.
    if (id !== req.user.id) throw new AppError(SignupErrors.forbidden);
    return toView(req.user);
  }
}
