import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '../../../common/http/openapi';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ZodQuery } from '../../../common/http/zod';
import { MailboxService } from '../mailbox.service';

const eventsQuerySchema = z.object({ to: z.string().trim().max(320).optional() });

/** Comments every 25 s keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events: one `message` event per new message (the list item's JSON), so the web
 * inbox updates without a reload. SSE rather than WebSocket: one direction is all it needs, it
 * goes through every proxy, and the browser reconnects by itself.
 */
@ApiTags('mailbox')
@Controller('mailbox/api')
export class MailboxEventsController {
  constructor(private readonly mailbox: MailboxService) {}

  @Get('events')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live feed of new messages (Server-Sent Events), optionally for one recipient' })
  events(
    @ZodQuery(eventsQuerySchema) query: z.infer<typeof eventsQuerySchema>,
    @Res() reply: FastifyReply,
  ): void {
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Request-Id': String(reply.request.id),
      Connection: 'keep-alive',
    });
    raw.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const stop = this.mailbox.follow(
      query.to || undefined,
      (item) => raw.write(`event: message\nid: ${item.id}\ndata: ${JSON.stringify(item)}\n\n`),
      () => raw.end(),
    );
    raw.once('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  }
}
