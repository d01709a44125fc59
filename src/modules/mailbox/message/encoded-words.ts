import { TextDecoder } from 'node:util';

/**
 * RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?iso-8859-1?Q?…?=`) in header values, decoded for
 * display and search, and the two transfer encodings of MIME bodies (RFC 2045). Small and
 * allocation-light on purpose: this runs for every message the dev mailbox receives.
 */

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
/** Whitespace between two encoded words is not part of the text (RFC 2047 §6.2). */
const BETWEEN_WORDS = /(\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?)/g;

const decoders = new Map<string, TextDecoder | null>();

function decoderFor(charset: string): TextDecoder | null {
  // RFC 2231 allows a language after '*': `utf-8*en`.
  const label = charset.split('*')[0].trim().toLowerCase();
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = null;
    }
    if (decoders.size < 64) decoders.set(label, decoder);
  }
  return decoder;
}

/** Bytes in a named charset as text; an unknown charset is read as Latin-1 rather than dropped. */
export function decodeCharset(bytes: Buffer, charset: string): string {
  const decoder = decoderFor(charset);
  return decoder ? decoder.decode(bytes) : bytes.toString('latin1');
}

/** Quoted-printable to bytes: soft line breaks removed, `=XX` decoded, anything malformed kept. */
export function decodeQuotedPrintable(text: string, underscoreIsSpace = false): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d /* = */) {
      const hex = text.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[n++] = parseInt(hex, 16);
        i += 2;
        continue;
      }
      const soft = /^\r?\n/.exec(text.slice(i + 1, i + 3));
      if (soft) {
        i += soft[0].length;
        continue;
      }
    }
    out[n++] = c === 0x5f && underscoreIsSpace ? 0x20 : c & 0xff;
  }
  return out.subarray(0, n);
}

/** A header value with its encoded words decoded; adjacent words in one charset are joined first. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  const joined = value.replace(BETWEEN_WORDS, '$1');
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const m of joined.matchAll(ENCODED_WORD)) {
    const index = m.index ?? 0;
    if (index > last) {
      flush();
      out += joined.slice(last, index);
    }
    const [, charset, encoding, data] = m;
    const bytes =
      encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data, true);
    if (pending && pending.charset.toLowerCase() === charset.toLowerCase()) pending.bytes.push(bytes);
    else {
      flush();
      pending = { charset, bytes: [bytes] };
    }
    last = index + m[0].length;
  }
  flush();
  return out + joined.slice(last);
}
