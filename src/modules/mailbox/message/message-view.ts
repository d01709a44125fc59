import type { ParsedMail } from 'mailparser';
import type { MessageMeta } from '../mailbox.store';
import { extractCodes, extractLinks } from './extract';
import type { Resolver } from './local-resolver';
import type { AuthResults } from './message-auth';

/**
 * mailparser and mailauth (with joi, undici and the ASN.1 stack it pulls in) are loaded on the
 * first message someone opens, not at start: a mailbox that only receives never pays for them.
 */
async function parse(raw: Buffer): Promise<ParsedMail> {
  const { simpleParser } = await import('mailparser');
  return simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
}
async function checkAuthentication(raw: Buffer, meta: MessageMeta, resolve: Resolver): Promise<AuthResults> {
  return (await import('./message-auth.js')).checkAuthentication(raw, meta, resolve);
}

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
  /** Attachments (download: GET /mailbox/api/messages/:id/attachments/:index). */
  attachments: AttachmentInfo[];
  /** DKIM and SPF as checked on receipt's data with the mailbox's local resolver. */
  auth: AuthResults;
}

export interface AttachmentInfo {
  index: number;
  filename: string;
  contentType: string;
  size: number;
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

/** Parses the stored bytes and checks DKIM/SPF with `resolve` (see local-resolver.ts). */
export async function toMessageView(meta: MessageMeta, raw: Buffer, resolve: Resolver): Promise<MessageView> {
  const [parsed, auth] = await Promise.all([
    parse(raw),
    checkAuthentication(raw, meta, resolve).catch(() => ({ dkim: 'temperror', spf: 'temperror' })),
  ]);
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
    attachments: parsed.attachments.map((a, index) => ({
      index,
      filename: a.filename ?? `attachment-${index + 1}`,
      contentType: a.contentType,
      size: a.size,
    })),
    auth,
  };
}

/** One attachment's bytes, by its index in `attachments`. */
export async function readAttachment(
  raw: Buffer,
  index: number,
): Promise<{ filename: string; contentType: string; content: Buffer } | undefined> {
  const parsed = await parse(raw);
  const a = parsed.attachments[index];
  if (!a) return undefined;
  return {
    filename: a.filename ?? `attachment-${index + 1}`,
    contentType: a.contentType,
    content: a.content,
  };
}
