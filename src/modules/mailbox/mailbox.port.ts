/**
 * The dev mailbox's public surface for the rest of the service: where its SMTP listener is, so
 * the `mailbox` transport can deliver to it over a real SMTP session (ports may be 0 in tests,
 * so the bound address is known only after start-up), and where clients read it over POP3.
 */
export interface MailboxEndpoint {
  smtpAddress(): { host: string; port: number };
  pop3Address(): { host: string; port: number };
}

export const MAILBOX_ENDPOINT = Symbol('MailboxEndpoint');
