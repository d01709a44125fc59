import { domainToUnicode } from 'node:url';
import type { Readable } from 'node:stream';
import type { AddressObject, AttachmentStream, MessageText } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import {
  type AddressParser,
  buildEnvelope,
  header,
  type MimeNode,
  type ParsedAddress,
  parseMime,
} from '../imap/mime-structure';
import type { MessageSummary } from '../mailbox.store';
import { decodeCharset, decodeQuotedPrintable, decodeWords } from './encoded-words';

/** How much of the text body is kept in memory for `q` search (documented in docs/mailbox.md). */
export const SNIPPET_CHARS = 1024;

/** `"Name" <a@b>, c@d` for display; the parsed text mailparser already decoded. */
export function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/** Tags dropped, entities for spaces undone: only good enough to search an HTML-only message. */
export function roughHtmlText(html: string): string {
  return html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads the headers and text of a message as it is stored, streaming: attachments are drained
 * and never held, so summarising a 25 MiB message costs no more memory than a small one. Used
 * for messages big enough to be spooled to disk; `summarizeBytes` is the fast path for the rest.
 * mailparser is loaded on first use only: a mailbox that never sees a large message never loads it.
 */
export async function summarize(source: Readable, sender: string, receivedAt: Date): Promise<MessageSummary> {
  const { MailParser } = await import('mailparser');
  return new Promise<MessageSummary>((resolve, reject) => {
    const parser = new MailParser({
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
    });
    let subject = '';
    let from = '';
    let toHeader = '';
    let date: Date | undefined;
    let text = '';
    let html = '';
    parser.on('headers', (headers: Map<string, unknown>) => {
      subject = typeof headers.get('subject') === 'string' ? (headers.get('subject') as string) : '';
      from = addressText(headers.get('from') as AddressObject | undefined);
      toHeader = addressText(headers.get('to') as AddressObject | AddressObject[] | undefined);
      const d = headers.get('date');
      date = d instanceof Date && !Number.isNaN(d.getTime()) ? d : undefined;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'attachment') {
        data.content.on('end', () => data.release());
        (data.content as Readable).resume();
        return;
      }
      if (typeof data.text === 'string') text = data.text;
      if (typeof data.html === 'string') html = data.html;
    });
    parser.on('error', reject);
    parser.on('end', () =>
      resolve({
        from: from || sender,
        toHeader,
        subject,
        date: (date ?? receivedAt).toISOString(),
        snippet: (text || roughHtmlText(html)).slice(0, SNIPPET_CHARS).toLowerCase(),
      }),
    );
    source.on('error', reject);
    source.pipe(parser);
  });
}

// ---------------------------------------------------------------- the fast path

/** Enough raw bytes of a text part to fill the snippet in any transfer encoding and charset. */
const SNIPPET_RAW_BYTES = 16 * 1024;

/** mailparser's `text` of an address header: `"Name" <a@b>, c@d, "Team": "X" <x@y>;`. */
function addressHeaderText(value: string | undefined, parse: AddressParser): string {
  if (!value) return '';
  const format = (list: ParsedAddress[]): string =>
    list
      .map((a) => {
        const name = decodeWords((a.name ?? '').trim());
        let text = name ? `"${name}"${a.group ? ': ' : ''}` : '';
        if (a.address) {
          const at = a.address.lastIndexOf('@');
          const address =
            at >= 0 && a.address.includes('xn--')
              ? `${a.address.slice(0, at)}@${domainToUnicode(a.address.slice(at + 1)) || a.address.slice(at + 1)}`
              : a.address;
          text += name ? ` <${address}>` : address;
        }
        if (a.group) text += `${format(a.group)};`;
        return text;
      })
      .join(', ');
  return format(parse(value));
}

function isAttachment(node: MimeNode): boolean {
  return /^\s*attachment/i.test(header(node.headers, 'content-disposition') ?? '');
}

/** The first text leaf of a subtype (depth first), skipping attachments. */
function firstText(node: MimeNode, subtype: string): MimeNode | undefined {
  if (node.children) {
    for (const child of node.children) {
      const hit = firstText(child, subtype);
      if (hit) return hit;
    }
    return undefined;
  }
  return node.type === 'text' && node.subtype === subtype && !isAttachment(node) ? node : undefined;
}

/** The start of a text part, transfer-decoded and in its charset. */
function partText(raw: Buffer, node: MimeNode): string {
  const end = Math.min(node.end, node.bodyStart + SNIPPET_RAW_BYTES);
  const encoding = (header(node.headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  const charset = node.params.find(([k]) => k === 'charset')?.[1] ?? 'utf-8';
  let bytes = raw.subarray(node.bodyStart, end);
  if (encoding === 'base64') {
    const text = bytes.toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
    bytes = Buffer.from(text.slice(0, text.length - (text.length % 4)), 'base64');
  } else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(bytes.toString('latin1'));
  return decodeCharset(bytes, charset);
}

/**
 * The summary of a message held in memory, without mailparser: one pass over the header and
 * MIME structure (offsets only, shared with IMAP), encoded words decoded, the first text part
 * decoded just far enough for the search snippet. Also renders the IMAP ENVELOPE once, so
 * `FETCH … ENVELOPE` never has to read and reparse the message.
 */
export function summarizeBytes(raw: Buffer, sender: string, receivedAt: Date): MessageSummary {
  const root = parseMime(raw);
  // From and To are read for the summary and again for the ENVELOPE: parse each value once.
  const parsed = new Map<string, ParsedAddress[]>();
  const parse: AddressParser = (value) => {
    let hit = parsed.get(value);
    if (!hit) parsed.set(value, (hit = addressparser(value)));
    return hit;
  };
  const dateHeader = header(root.headers, 'date');
  const date = dateHeader ? new Date(dateHeader) : undefined;
  const text = firstText(root, 'plain');
  const html = text ? undefined : firstText(root, 'html');
  const body = text ? partText(raw, text) : html ? roughHtmlText(partText(raw, html)) : '';
  const envelope = buildEnvelope(root.headers, parse);
  return {
    from: addressHeaderText(header(root.headers, 'from'), parse) || sender,
    toHeader: addressHeaderText(header(root.headers, 'to'), parse),
    subject: decodeWords(header(root.headers, 'subject') ?? ''),
    date: (date && !Number.isNaN(date.getTime()) ? date : receivedAt).toISOString(),
    snippet: body.slice(0, SNIPPET_CHARS).toLowerCase(),
    envelope: typeof envelope === 'string' ? envelope : envelope.toString('latin1'),
  };
}
