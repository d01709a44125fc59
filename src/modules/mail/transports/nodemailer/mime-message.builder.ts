import { randomUUID } from 'node:crypto';
import * as base64 from 'nodemailer/lib/base64';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';
import { type OutgoingMail, TransportError } from '../mail-transport.port';

/** The SMTP envelope of one message: exactly its one recipient, never derived from headers. */
export interface SmtpEnvelope {
  from: string;
  to: string[];
}

/**
 * nodemailer's own header encoder, used without building a MIME tree: address normalisation
 * (punycode domains, quoted local parts, `<>` and control characters dropped), RFC 2047 encoded
 * words for non-ASCII names and text, CR/LF in a value turned into a space. One node serves every
 * message: encodeHeaderValue() and setEnvelope()/getEnvelope() keep nothing between calls.
 */
const headerEncoder = new MimeNode();

/** Header fields this builder writes itself; a custom header cannot replace or repeat them. */
const OWN_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
]);
/** RFC 5322 field-name: printable ASCII except the colon. */
const FIELD_NAME = /^[!-9;-~]+$/;
/** type/subtype, no parameters: what the Email API accepts (emails/domain/email.fields.ts). */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
/** RFC 5322 §2.1.1: no line may be longer than 998 characters. */
const MAX_LINE = 998;
const LINE_BREAK = /\r\n|\r|\n/g;

/** Whether a line of `text` (CRLF line ends) is longer than `max`; linear, unlike a regex that backtracks. */
function hasLineOver(text: string, max: number): boolean {
  let start = 0;
  for (let end = text.indexOf('\r\n'); end !== -1; end = text.indexOf('\r\n', start)) {
    if (end - start > max) return true;
    start = end + 2;
  }
  return text.length - start > max;
}

const buildError = (why: string) => new TransportError('permanent', `the message could not be built: ${why}`);

/** `key: value` folded at 76 characters the way nodemailer folds; refused if it cannot fit 998. */
function header(key: string, encoded: string): string {
  const folded = mimeFuncs.foldLines(`${key}: ${encoded}`, 76);
  if (hasLineOver(folded, MAX_LINE)) throw buildError(`the ${key} header cannot be folded to 998 characters`);
  return folded;
}

/**
 * An unstructured value (Subject, custom headers): encoded words only when it needs them, as
 * nodemailer does; a long unbroken ASCII run that folding cannot split is sent as encoded words
 * instead, which fold every 52 characters.
 */
function textHeader(key: string, value: string): string {
  const encoded = headerEncoder.encodeHeaderValue(key, value);
  const folded = mimeFuncs.foldLines(`${key}: ${encoded}`, 76);
  if (!hasLineOver(folded, MAX_LINE)) return folded;
  return header(key, mimeFuncs.encodeWord(value.replace(LINE_BREAK, ' '), 'Q', 52));
}

/**
 * nodemailer's choice between quoted-printable and base64 for text that cannot go as it is: Q when
 * Latin letters outnumber the bytes Q would have to escape, else B (MimeNode's _getTextEncoding).
 */
function prefersQuotedPrintable(text: string): boolean {
  let escaped = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) escaped++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return escaped < latin;
}

/**
 * A text part. Line breaks become CRLF (MIME's canonical form for text), then the body goes as it is
 * (7bit) when it is printable ASCII with lines of at most 76 characters, else quoted-printable or
 * base64 wrapped at 76: no line of the message can exceed 998 whatever the text holds.
 */
function textPart(subtype: 'plain' | 'html', text: string): string {
  const body = text.replace(LINE_BREAK, '\r\n');
  let encoding: string;
  let encoded: string;
  if (mimeFuncs.isPlainText(body) && !hasLineOver(body, 76)) {
    encoding = '7bit';
    encoded = body;
  } else if (prefersQuotedPrintable(body)) {
    encoding = 'quoted-printable';
    encoded = qp.wrap(qp.encode(body), 76);
  } else {
    encoding = 'base64';
    encoded = base64.wrap(base64.encode(body), 76);
  }
  return `Content-Type: text/${subtype}; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${encoded}`;
}

/**
 * An attachment: base64; the file name as RFC 2231 `filename*` in Content-Disposition and, for
 * clients that only read it there, as encoded words in Content-Type's `name` (as nodemailer does).
 */
function attachmentPart(a: NonNullable<OutgoingMail['attachments']>[number]): string {
  if (!MEDIA_TYPE.test(a.contentType)) throw buildError('an attachment has an invalid content type');
  const filename = a.filename.replace(/\p{Cc}/gu, '');
  const name = mimeFuncs.encodeWords(filename, prefersQuotedPrintable(filename) ? 'Q' : 'B', 52, true);
  const quoted = name !== filename || /[\s'"\\;:/=(),<>@[\]?]|^-/.test(name) ? JSON.stringify(name) : name;
  const disposition = mimeFuncs.buildHeaderValue({ value: 'attachment', params: { filename } });
  return [
    header('Content-Type', `${a.contentType}; name=${quoted}`),
    'Content-Transfer-Encoding: base64',
    header('Content-Disposition', disposition),
    '',
    base64.wrap(a.content.toString('base64'), 76),
  ].join('\r\n');
}

/** Parts joined under a fresh boundary: the boundary's own header, then the body. */
function multipart(subtype: 'alternative' | 'mixed', parts: string[]): string {
  // Random per message, so no part can contain the delimiter line, by chance or by design (a
  // 7bit or quoted-printable text could, were the boundary predictable).
  const boundary = `--_mg-${randomUUID()}`;
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('');
  return `${header('Content-Type', `multipart/${subtype}; boundary="${boundary}"`)}\r\n\r\n${body}--${boundary}--`;
}

/** The message's body tree: text and/or HTML (an alternative when both), in a mixed with the files. */
function bodyOf(mail: OutgoingMail): string {
  const texts: string[] = [];
  if (mail.text || !mail.html) texts.push(textPart('plain', mail.text));
  if (mail.html) texts.push(textPart('html', mail.html));
  const content = texts.length === 1 ? texts[0] : multipart('alternative', texts);
  const files = mail.attachments ?? [];
  return files.length === 0 ? content : multipart('mixed', [content, ...files.map(attachmentPart)]);
}

/**
 * Header lines that repeat from message to message (the sender's From, the worker's fixed
 * headers), encoded once: nodemailer's address encoder is the builder's costliest step. Bounded,
 * so varied values cannot grow it.
 */
const repeated = new Map<string, string>();
const REPEATED_MAX = 64;

function remembered(id: string, line: () => string): string {
  let known = repeated.get(id);
  if (known === undefined) {
    known = line();
    if (repeated.size >= REPEATED_MAX) repeated.clear();
    repeated.set(id, known);
  }
  return known;
}

function customHeaders(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([key, value]) => {
    if (!FIELD_NAME.test(key) || OWN_HEADERS.has(key.toLowerCase()))
      throw buildError(`the header name ${JSON.stringify(key)} cannot be set`);
    return remembered(`${key}\n${value}`, () => textHeader(key, value));
  });
}

const addressHeader = (key: 'From' | 'To', a: OutgoingMail['from']) =>
  header(key, headerEncoder.encodeHeaderValue(key, { address: a.address, name: a.name ?? '' }));

/**
 * OutgoingMail → the RFC 5322 message (CRLF line ends, ending with CRLF), in one synchronous pass
 * over strings: the shapes mailgate sends (text, HTML, both as an alternative, files in a mixed)
 * without nodemailer's MIME tree and its streams, which cost several times more per message than
 * speaking SMTP (docs/mail.md, "The message builder"). The header encoding is nodemailer's own.
 * Addresses go in as objects, so a name like "Eve\r\nBcc: x@evil" cannot add a header line.
 */
export function buildMimeMessage(mail: OutgoingMail, date = new Date()): Buffer {
  const lines = [
    remembered(JSON.stringify(['From', mail.from.name, mail.from.address]), () =>
      addressHeader('From', mail.from),
    ),
    addressHeader('To', mail.to),
    textHeader('Subject', mail.subject),
    header('Message-ID', headerEncoder.encodeHeaderValue('Message-ID', mail.messageId)),
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    ...customHeaders(mail.headers),
    bodyOf(mail),
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/**
 * The envelope, normalised by nodemailer's setEnvelope as the To header is (punycode domains). Given
 * as address objects, not strings: a string would go through the address parser, and an address
 * with a comma in it would become two recipients.
 */
export function smtpEnvelope(mail: OutgoingMail): SmtpEnvelope {
  const { from, to } = headerEncoder
    .setEnvelope({
      from: { address: mail.from.address, name: '' },
      to: [{ address: mail.to.address, name: '' }],
    })
    .getEnvelope();
  return { from: from || '', to };
}
