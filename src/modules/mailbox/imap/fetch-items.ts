import { type Token, ImapSyntaxError, tokenize } from './imap.parser';
import type { Section } from './mime-structure';

/** One FETCH data item (RFC 3501 §6.4.5), parsed. */
export type FetchItem =
  | { kind: 'FLAGS' | 'UID' | 'RFC822.SIZE' | 'INTERNALDATE' | 'ENVELOPE' | 'BODYSTRUCTURE' | 'BODY' }
  | {
      kind: 'section';
      /** The name to answer with, e.g. `BODY[HEADER.FIELDS (SUBJECT)]<0>` or `RFC822.HEADER`. */
      label: string;
      section: Section;
      peek: boolean;
      partial?: { start: number; count: number };
    };

const SIMPLE = new Set(['FLAGS', 'UID', 'RFC822.SIZE', 'INTERNALDATE', 'ENVELOPE', 'BODYSTRUCTURE', 'BODY']);
const MACROS: Record<string, string[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};
const BODY_SECTION = /^(BODY(?:\.PEEK)?)\[([^\]]*)\](?:<(\d{1,10})\.(\d{1,10})>)?$/i;

export function parseFetchItems(args: readonly Token[]): FetchItem[] {
  const first = args[0];
  if (!first || args.length !== 1) throw new ImapSyntaxError('FETCH needs a set and data items');
  if (first.kind === 'atom' && MACROS[first.value.toUpperCase()])
    return MACROS[first.value.toUpperCase()].map((kind) => parseItem(kind));
  const items = first.kind === 'list' ? first.items : [first];
  if (items.length === 0) throw new ImapSyntaxError('empty FETCH item list');
  return items.map((t) => {
    if (t.kind !== 'atom') throw new ImapSyntaxError('FETCH items are atoms');
    return parseItem(t.value);
  });
}

function parseItem(text: string): FetchItem {
  const upper = text.toUpperCase();
  if (SIMPLE.has(upper)) return { kind: upper as 'FLAGS' };
  if (upper === 'RFC822') return { kind: 'section', label: 'RFC822', section: { path: [] }, peek: false };
  if (upper === 'RFC822.HEADER')
    return { kind: 'section', label: 'RFC822.HEADER', section: { path: [], text: 'HEADER' }, peek: true };
  if (upper === 'RFC822.TEXT')
    return { kind: 'section', label: 'RFC822.TEXT', section: { path: [], text: 'TEXT' }, peek: false };
  const m = BODY_SECTION.exec(text);
  if (!m) throw new ImapSyntaxError(`unknown FETCH item ${text.slice(0, 40)}`);
  const section = parseSection(m[2]);
  const partial = m[3] === undefined ? undefined : { start: Number(m[3]), count: Number(m[4]) };
  if (partial && partial.count === 0) throw new ImapSyntaxError('a partial fetch needs a length above 0');
  const spec = sectionText(section);
  return {
    kind: 'section',
    label: `BODY[${spec}]${partial ? `<${partial.start}>` : ''}`,
    section,
    peek: m[1].toUpperCase() === 'BODY.PEEK',
    partial,
  };
}

export function parseSection(inner: string): Section {
  const m = /^([^ (]*)\s*(?:\((.*)\))?$/.exec(inner.trim());
  if (!m) throw new ImapSyntaxError('bad section');
  const parts = m[1] === '' ? [] : m[1].split('.');
  const path: number[] = [];
  while (parts.length > 0 && /^[1-9]\d{0,5}$/.test(parts[0])) path.push(Number(parts.shift()));
  const text = parts.join('.').toUpperCase();
  const section: Section = { path };
  if (text === '') {
    if (m[2] !== undefined) throw new ImapSyntaxError('bad section');
    return section;
  }
  if (!['HEADER', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT', 'TEXT', 'MIME'].includes(text))
    throw new ImapSyntaxError(`bad section ${text.slice(0, 30)}`);
  if (text === 'MIME' && path.length === 0) throw new ImapSyntaxError('MIME needs a part number');
  section.text = text as Section['text'];
  if (text.startsWith('HEADER.FIELDS')) {
    if (m[2] === undefined) throw new ImapSyntaxError(`${text} needs a list of field names`);
    const names = tokenize([m[2]]).map((t) =>
      t.kind === 'atom' ? t.value : t.kind === 'string' ? t.value.toString() : '',
    );
    if (names.length === 0 || names.some((n) => !/^[\x21-\x39\x3b-\x7e]+$/.test(n)))
      throw new ImapSyntaxError('bad header field name');
    section.fields = names;
  } else if (m[2] !== undefined) throw new ImapSyntaxError('bad section');
  return section;
}

function sectionText(section: Section): string {
  const parts: string[] = section.path.map(String);
  if (section.text) parts.push(section.text);
  const fields = section.fields ? ` (${section.fields.map((f) => f.toUpperCase()).join(' ')})` : '';
  return parts.join('.') + fields;
}

/**
 * Whether the items need the message bytes: everything but flags, UID, size and date, and
 * ENVELOPE too when it was not rendered at ingest.
 */
export function needsBody(items: readonly FetchItem[], envelopeCached = false): boolean {
  return items.some(
    (i) =>
      i.kind === 'section' ||
      (i.kind === 'ENVELOPE' && !envelopeCached) ||
      i.kind === 'BODYSTRUCTURE' ||
      i.kind === 'BODY',
  );
}
