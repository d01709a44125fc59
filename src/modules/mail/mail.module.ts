import { Module } from '@nestjs/common';

/** Outbox, worker, templates and transports. */
@Module({})
export class MailModule {}
