import { Controller, Delete, Get, HttpCode, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '../../../common/http/openapi';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../../common/errors/app-error';
import { ZodQuery } from '../../../common/http/zod';
import { MailboxErrors } from '../mailbox.errors';
import { MailboxService } from '../mailbox.service';
import type { MessageListItem, MessageView } from '../message/message-view';
import {
  type ListQueryDto,
  type WaitQueryDto,
  listQuerySchema,
  parseMessageId,
  waitQuerySchema,
} from './mailbox.dto';

function messageId(value: string): number {
  const id = parseMessageId(value);
  if (id === undefined) throw new AppError(MailboxErrors.messageNotFound);
  return id;
}

/** CONTRACT §5: the dev mailbox's REST API. */
@ApiTags('mailbox')
@Controller('mailbox/api')
export class MailboxController {
  constructor(private readonly mailbox: MailboxService) {}

  @Get('messages')
  @ApiOperation({ summary: 'Messages, newest first; `to` filters by recipient, `q` searches' })
  list(@ZodQuery(listQuerySchema) query: ListQueryDto): { messages: MessageListItem[] } {
    return { messages: this.mailbox.list(query) };
  }

  @Get('messages/:id')
  @ApiOperation({ summary: 'One message, parsed, with the links and codes found in it' })
  get(@Param('id') id: string): Promise<MessageView> {
    return this.mailbox.view(messageId(id));
  }

  @Get('messages/:id/raw')
  @ApiProduces('message/rfc822')
  @ApiOperation({ summary: 'The message exactly as received' })
  async raw(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const bytes = await this.mailbox.raw(messageId(id));
    await reply.type('message/rfc822').header('X-Content-Type-Options', 'nosniff').send(bytes);
  }

  @Get('messages/:id/attachments/:index')
  @ApiOperation({ summary: 'One attachment of a message, as a download' })
  async attachment(
    @Param('id') id: string,
    @Param('index') index: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const n = /^\d{1,4}$/.test(index) ? Number(index) : -1;
    if (n < 0) throw new AppError(MailboxErrors.attachmentNotFound);
    const file = await this.mailbox.attachment(messageId(id), n);
    // The file name comes from the message: keep it out of header syntax (RFC 6266 filename*).
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    const safe = encodeURIComponent(file.filename.replace(/[\x00-\x1f\x7f/\\]/g, '_'));
    await reply
      .type('application/octet-stream')
      .header('Content-Disposition', `attachment; filename*=UTF-8''${safe}`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(file.content);
  }

  @Get('wait')
  @ApiOperation({
    summary: 'Long-poll: the first message to `to` newer than `after`, as soon as it arrives; 204 on timeout',
  })
  async wait(@ZodQuery(waitQuerySchema) query: WaitQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const abort = new AbortController();
    // The client went away: stop waiting for it (the listener and timer are removed).
    const onClose = () => abort.abort();
    reply.raw.once('close', onClose);
    try {
      const meta = await this.mailbox.waitFor(query.to, query.after, query.timeout, abort.signal);
      if (abort.signal.aborted && !meta) return;
      if (!meta) {
        await reply.status(204).send();
        return;
      }
      await reply.send(await this.mailbox.view(meta.id));
    } finally {
      reply.raw.off('close', onClose);
    }
  }

  @Delete('messages')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes every message' })
  async clear(): Promise<void> {
    await this.mailbox.clear();
  }

  @Delete('messages/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes one message from every mailbox' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.mailbox.remove(messageId(id));
  }
}
