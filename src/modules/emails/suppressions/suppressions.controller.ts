import { Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppError } from '../../../common/errors/app-error';
import { ZodBody, ZodQuery } from '../../../common/http/zod';
import { SUPPRESSION_LIST, type SuppressionList } from '../../mail/mail.port';
import { ApiKeyGuard } from '../api-key.guard';
import { EmailErrors } from '../emails.errors';
import { JsonBodyGuard } from '../json-body.guard';
import {
  type AddSuppressionBody,
  type ListSuppressionsQuery,
  type SuppressionView,
  addSuppressionBody,
  listSuppressionsQuery,
  toView,
} from './suppressions.dto';

/** The suppression list's manual side: addresses the worker must never mail. */
@ApiTags('emails')
@ApiBearerAuth()
@Controller('emails/suppressions')
@UseGuards(ApiKeyGuard)
export class SuppressionsController {
  constructor(@Inject(SUPPRESSION_LIST) private readonly list: SuppressionList) {}

  @Get()
  @ApiOperation({ summary: 'Suppressed addresses, newest first' })
  async all(
    @ZodQuery(listSuppressionsQuery) query: ListSuppressionsQuery,
  ): Promise<{ suppressions: SuppressionView[] }> {
    return { suppressions: (await this.list.list(query.limit)).map(toView) };
  }

  @Post()
  @HttpCode(201)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Suppress an address (an existing entry is kept as it is)' })
  @ApiResponse({ status: 201, description: 'The entry now stored' })
  async add(@ZodBody(addSuppressionBody) body: AddSuppressionBody): Promise<SuppressionView> {
    return toView(await this.list.add(body.address, body.reason, 'api'));
  }

  @Delete(':address')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mail this address again' })
  @ApiResponse({ status: 404, description: 'suppression_not_found' })
  async remove(@Param('address') address: string): Promise<void> {
    if (!(await this.list.remove(address))) throw new AppError(EmailErrors.suppressionNotFound);
  }
}
