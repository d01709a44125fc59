import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '../../../common/http/openapi';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../common/errors/app-error';
import { ZodQuery } from '../../../common/http/zod';
import { parseMessageId } from '../api/mailbox.dto';
import { MailboxErrors } from '../mailbox.errors';
import { MailboxService } from '../mailbox.service';
import type { MessageView } from '../message/message-view';
import { INBOX_CSP, MESSAGE_HTML_CSP, renderInbox } from './inbox.page';
import { INBOX_SCRIPT } from './inbox.script';

const inboxQuerySchema = z.object({
  to: z.string().trim().max(320).optional(),
  q: z.string().trim().max(200).optional(),
  id: z.string().max(20).optional(),
});

/**
 * The web inbox at /mailbox: server-rendered HTML that works without JavaScript, plus one script
 * from this origin for live updates and deletes. No external assets.
 */
@ApiExcludeController()
@Controller('mailbox')
export class MailboxWebController {
  constructor(private readonly mailbox: MailboxService) {}

  @Get()
  async inbox(
    @ZodQuery(inboxQuerySchema) query: z.infer<typeof inboxQuerySchema>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const to = query.to || undefined;
    const q = query.q || undefined;
    const messages = this.mailbox.list({ to, q, limit: 200 });
    const id = query.id === undefined ? undefined : parseMessageId(query.id);
    let selected: MessageView | undefined;
    if (id !== undefined) selected = await this.mailbox.view(id).catch(() => undefined);
    await reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', INBOX_CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .send(renderInbox({ to, q, messages, selected }));
  }

  /** The inbox's script (live updates, delete buttons). */
  @Get('inbox.js')
  async script(@Res() reply: FastifyReply): Promise<void> {
    await reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('X-Content-Type-Options', 'nosniff')
      .send(INBOX_SCRIPT);
  }

  /** The HTML part alone, for the inbox's sandboxed iframe. */
  @Get('messages/:id/html')
  async html(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const messageId = parseMessageId(id);
    if (messageId === undefined) throw new AppError(MailboxErrors.messageNotFound);
    const view = await this.mailbox.view(messageId);
    if (!view.html) throw new AppError(MailboxErrors.noHtmlPart);
    await reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', MESSAGE_HTML_CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .send(view.html);
  }
}
