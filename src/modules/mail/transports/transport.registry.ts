import type { AppConfig } from '../../../config/config';
import type { TransportName } from '../../../config/config.schema';
import type { MailboxEndpoint } from '../../mailbox/mailbox.port';
import { GmailTransport } from './gmail/gmail.transport';
import { GmailApiTransport } from './gmail-api/gmail-api.transport';
import type { MailTransport } from './mail-transport.port';
import { MailboxTransport } from './mailbox/mailbox.transport';
import { createSesClient } from './ses/ses.client';
import { SesTransport } from './ses/ses.transport';
import { SmtpTransport } from './smtp/smtp.transport';
import { createSnsClient } from './sns/sns.client';
import { SnsTransport } from './sns/sns.transport';

export interface TransportDeps {
  config: AppConfig;
  /** Present when the dev mailbox module runs. */
  mailbox?: MailboxEndpoint;
}

type TransportFactory = (deps: TransportDeps) => MailTransport;

/**
 * MAIL_TRANSPORT → adapter. The only place that knows the list; the worker sees a MailTransport.
 * Adding a provider is a folder under transports/ and a line here.
 */
const FACTORIES: Record<TransportName, TransportFactory> = {
  mailbox: ({ config, mailbox }) => new MailboxTransport(config, mailbox),
  smtp: ({ config }) => new SmtpTransport(config),
  gmail: ({ config }) => new GmailTransport(config),
  'gmail-api': ({ config }) => new GmailApiTransport(config),
  ses: ({ config }) => new SesTransport(config, createSesClient(config)),
  sns: ({ config }) => new SnsTransport(config, createSnsClient(config)),
};

export function createTransport(deps: TransportDeps): MailTransport {
  return FACTORIES[deps.config.mail.transport](deps);
}
