import type { Readable } from 'node:stream';
import { type AddressObject, type AttachmentStream, MailParser, type MessageText } from 'mailparser';
import type { MessageSummary } from '../mailbox.store';

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
 * and never held, so summarising a 25 MiB message costs no more memory than a small one.
 */
export function summarize(source: Readable, sender: string, receivedAt: Date): Promise<MessageSummary> {
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
