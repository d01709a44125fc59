import { Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../../../common/http/openapi';
import { ZodBody } from '../../../common/http/zod';
import type { ChaosRule } from '../../../config/mailbox-chaos';
import { SmtpChaos } from '../chaos/smtp-chaos';
import { type ChaosRulesDto, chaosRulesSchema } from './chaos.dto';

/** Fault injection for the mailbox's SMTP listener, so a courier's retries can be tested. */
@ApiTags('mailbox')
@Controller('mailbox/api/chaos')
export class ChaosController {
  constructor(private readonly chaos: SmtpChaos) {}

  @Get()
  @ApiOperation({ summary: 'The chaos rules in force (counts show what is left)' })
  current(): { rules: ChaosRule[] } {
    return { rules: this.chaos.current() };
  }

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replaces the rules: reply 421/451/454/550 or drop the connection after DATA, at a rate 0–1',
  })
  set(@ZodBody(chaosRulesSchema) body: ChaosRulesDto): { rules: ChaosRule[] } {
    this.chaos.set(body.rules);
    return { rules: this.chaos.current() };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Turns chaos off' })
  clear(): void {
    this.chaos.clear();
  }
}
