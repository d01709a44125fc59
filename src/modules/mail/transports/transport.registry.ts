import type { AppConfig } from '../../../config/config';
import type { TransportName } from '../../../config/config.schema';
import type { MailboxEndpoint } from '../../mailbox/mailbox.port';
import type { MailTransport } from './mail-transport.port';
import { MailboxTransport } from './mailbox/mailbox.transport';
import { SmtpTransport } from './smtp/smtp.transport';

export interface TransportDeps {
  config: AppConfig;
  /** Present when the dev mailbox module runs. */
  mailbox?: MailboxEndpoint;
}

type TransportFactory = (deps: TransportDeps) => MailTransport;

/**
 * MAIL_TRANSPORT → adapter. The only place that knows the list; the worker sees a MailTransport.
 * Adding a provider is a folder under transports/ and a line here (gmail, gmail-api, ses, sns next).
 */
const FACTORIES: Partial<Record<TransportName, TransportFactory>> = {
  mailbox: ({ config, mailbox }) => new MailboxTransport(config, mailbox),
  smtp: ({ config }) => new SmtpTransport(config),
};

export function createTransport(deps: TransportDeps): MailTransport {
  const name = deps.config.mail.transport;
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`MAIL_TRANSPORT=${name} is not available in this build yet`);
  return factory(deps);
}
