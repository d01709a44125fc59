import { Module } from '@nestjs/common';

/** The built-in dev mailbox: SMTP ingest, storage, REST API and web inbox. */
@Module({})
export class MailboxModule {}
