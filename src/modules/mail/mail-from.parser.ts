/**
 * MAIL_FROM as an address object (`mailgate <no-reply@example.com>` or a bare address). Kept free of
 * nodemailer so the outbox can take the Message-ID domain from it without touching a transport.
 */
export interface Sender {
  name?: string;
  address: string;
}

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;

export function parseMailFrom(value: string): Sender {
  const trimmed = value.trim();
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
  const address = (angle ? angle[2] : trimmed).trim();
  if (!ADDRESS.test(address)) throw new Error(`MAIL_FROM has no usable address: ${JSON.stringify(value)}`);
  const name = angle?.[1].trim().replace(/^"(.*)"$/, '$1');
  return name ? { name, address } : { address };
}

/** The right-hand side of Message-IDs: the sender's domain, so ids are unique to this sender. */
export function messageIdDomain(sender: Sender): string {
  return sender.address.slice(sender.address.lastIndexOf('@') + 1).toLowerCase();
}
