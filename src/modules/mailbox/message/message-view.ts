import { simpleParser } from 'mailparser';
import type { MessageMeta } from '../mailbox.store';
import { extractCodes, extractLinks } from './extract';

/** GET /mailbox/api/messages/:id and /wait: the parsed message (CONTRACT §5). */
export interface MessageView {
  id: number;
  from: string;
  to: string[];
  subject: string;
  date: string;
  /** Header name (lower-case) → its values, unfolded, as received (encoded words not decoded). */
  headers: Record<string, string[]>;
  text: string;
  html: string;
  links: string[];
  codes: string[];
}

export interface MessageListItem {
  id: number;
  from: string;
  to: string[];
  subject: string;
  date: string;
  size: number;
}

export function toListItem(meta: MessageMeta): MessageListItem {
  return {
    id: meta.id,
    from: meta.from,
    to: meta.recipients,
    subject: meta.subject,
    date: meta.date,
    size: meta.size,
  };
}

/**
 * mailparser hands raw header lines over as binary (latin1) strings; 8-bit headers are UTF-8 in
 * practice (RFC 6532), so reinterpret them when they decode cleanly, else leave them as they are.
 */
function utf8Header(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  const decoded = Buffer.from(value, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? value : decoded;
}

/** Parses the stored bytes; attachments are parsed too but not returned (a later issue exposes them). */
export async function toMessageView(meta: MessageMeta, raw: Buffer): Promise<MessageView> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const headers: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':');
    const value = (colon === -1 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim();
    (headers[key] ??= []).push(utf8Header(value));
  }
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const subject = parsed.subject ?? meta.subject;
  return {
    id: meta.id,
    from: meta.from,
    to: meta.recipients,
    subject,
    date: meta.date,
    headers,
    text,
    html,
    links: extractLinks(text, html),
    codes: extractCodes(subject, text),
  };
}
