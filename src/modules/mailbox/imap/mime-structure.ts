import addressparser from 'nodemailer/lib/addressparser';
import { type Out, istring, list, nstring, toBuffer } from './imap.format';

/**
 * The MIME tree of a stored message, as byte offsets into its raw bytes (RFC 2045/2046), for
 * ENVELOPE, BODYSTRUCTURE and `BODY[section]`. It holds no body bytes, so a cache of these stays
 * small whatever the messages weigh; sections are cut from the raw bytes when fetched.
 */
export interface HeaderField {
  /** Lower-case name. */
  name: string;
  /** The field as received, folding kept, without its line break. */
  raw: Buffer;
  /** Unfolded value, leading space trimmed. */
  value: string;
}

export interface MimeNode {
  start: number;
  /** Where the body starts (after the blank line ending the header). */
  bodyStart: number;
  end: number;
  headers: HeaderField[];
  type: string;
  subtype: string;
  params: [string, string][];
  lines: number;
  children?: MimeNode[];
  /** The enclosed message of a message/rfc822 part. */
  message?: MimeNode;
}

/** Deeper nesting than this is treated as an opaque leaf: it would only cost stack and time. */
const MAX_DEPTH = 16;
const MAX_PARTS = 1000;

export function parseMime(raw: Buffer): MimeNode {
  const budget = { parts: 0 };
  return parseNode(raw, 0, raw.length, 0, 'text/plain', budget);
}

function parseNode(
  raw: Buffer,
  start: number,
  end: number,
  depth: number,
  defaultType: string,
  budget: { parts: number },
): MimeNode {
  budget.parts++;
  const { headers, bodyStart } = parseHeader(raw, start, end);
  const contentType = header(headers, 'content-type');
  const parsed = contentType ? parseParams(contentType) : undefined;
  let [type, subtype] = (parsed?.value ?? defaultType).toLowerCase().split('/');
  if (!type || !subtype) [type, subtype] = ['text', 'plain'];
  const params = parsed?.params ?? [];
  if (type === 'text' && !params.some(([k]) => k === 'charset')) params.push(['charset', 'us-ascii']);
  const node: MimeNode = {
    start,
    bodyStart,
    end,
    headers,
    type,
    subtype,
    params,
    lines: countLines(raw, bodyStart, end),
  };
  const nestable = depth < MAX_DEPTH && budget.parts < MAX_PARTS;
  const boundary = params.find(([k]) => k === 'boundary')?.[1];
  if (type === 'multipart' && boundary && nestable) {
    const childType = subtype === 'digest' ? 'message/rfc822' : 'text/plain';
    node.children = splitParts(raw, bodyStart, end, boundary).map(([s, e]) =>
      parseNode(raw, s, e, depth + 1, childType, budget),
    );
  } else if (type === 'message' && subtype === 'rfc822' && nestable) {
    node.message = parseNode(raw, bodyStart, end, depth + 1, 'text/plain', budget);
  }
  return node;
}

export function parseHeader(
  raw: Buffer,
  start: number,
  end: number,
): { headers: HeaderField[]; bodyStart: number } {
  const lines: [number, number][] = [];
  let pos = start;
  let bodyStart = end;
  while (pos < end) {
    let lf = raw.indexOf(0x0a, pos);
    if (lf < 0 || lf >= end) lf = end;
    const lineEnd = lf > pos && raw[lf - 1] === 0x0d ? lf - 1 : lf;
    if (lineEnd === pos) {
      bodyStart = Math.min(lf + 1, end);
      break;
    }
    lines.push([pos, lineEnd]);
    pos = lf + 1;
  }
  // Field ranges first (a folded line extends the field before it), then copies of their bytes:
  // a cached tree must not keep the whole message's buffer alive through a slice.
  const ranges: [number, number, number][] = [];
  for (const [s, e] of lines) {
    const first = raw[s];
    const last = ranges[ranges.length - 1];
    if ((first === 0x20 || first === 0x09) && last) {
      last[2] = e;
      continue;
    }
    const colon = raw.indexOf(0x3a, s);
    if (colon < 0 || colon >= e) continue;
    ranges.push([s, colon, e]);
  }
  const headers: HeaderField[] = ranges.map(([s, colon, e]) => {
    const text = raw.toString('utf8', s, e);
    return {
      name: raw.toString('latin1', s, colon).trim().toLowerCase(),
      raw: Buffer.from(raw.subarray(s, e)),
      value: text
        .slice(text.indexOf(':') + 1)
        .replace(/\r?\n[ \t]/g, ' ')
        .trim(),
    };
  });
  return { headers, bodyStart };
}

export function header(headers: readonly HeaderField[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}

/** `value; a=b; c="d e"` → value and its parameters (names lower-cased). */
export function parseParams(text: string): { value: string; params: [string, string][] } {
  const params: [string, string][] = [];
  const semi = text.indexOf(';');
  const value = (semi < 0 ? text : text.slice(0, semi)).trim();
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null)
    params.push([m[1].toLowerCase(), m[2]?.replace(/\\(.)/g, '$1') ?? m[3]]);
  return { value, params };
}

function countLines(raw: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = raw.indexOf(0x0a, start); i >= 0 && i < end; i = raw.indexOf(0x0a, i + 1)) n++;
  if (end > start && raw[end - 1] !== 0x0a) n++;
  return n;
}

/** The [start, end) of each body part between `--boundary` lines (the CRLF before a delimiter is the delimiter's). */
function splitParts(raw: Buffer, start: number, end: number, boundary: string): [number, number][] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: [number, number][] = [];
  let partStart = -1;
  let pos = start;
  while (pos < end) {
    const at = raw.indexOf(delimiter, pos);
    if (at < 0 || at >= end) break;
    pos = at + delimiter.length;
    if (at !== start && raw[at - 1] !== 0x0a) continue;
    const closing = raw[pos] === 0x2d && raw[pos + 1] === 0x2d;
    if (partStart >= 0) {
      let partEnd = at;
      if (partEnd > partStart && raw[partEnd - 1] === 0x0a) partEnd--;
      if (partEnd > partStart && raw[partEnd - 1] === 0x0d) partEnd--;
      parts.push([partStart, Math.max(partStart, partEnd)]);
      if (parts.length >= MAX_PARTS) break;
    }
    if (closing) return parts;
    const lf = raw.indexOf(0x0a, pos);
    if (lf < 0 || lf >= end) return parts;
    partStart = lf + 1;
    pos = partStart;
  }
  // No closing delimiter: the last part runs to the end.
  if (partStart >= 0 && partStart < end) parts.push([partStart, end]);
  return parts;
}

// ---------------------------------------------------------------- ENVELOPE

export interface ParsedAddress {
  name?: string;
  address?: string;
  group?: ParsedAddress[];
}

/** Parses an address header; callers that parse the same values elsewhere can pass a memo. */
export type AddressParser = (value: string) => ParsedAddress[];

function addresses(value: string | undefined, parse: AddressParser): Out {
  if (!value) return 'NIL';
  const flat: ParsedAddress[] = [];
  const walk = (list: ParsedAddress[]) => {
    for (const a of list) {
      if (a.group) walk(a.group);
      else flat.push(a);
    }
  };
  walk(parse(value));
  const items = flat
    .filter((a) => a.address)
    .map((a) => {
      const address = a.address ?? '';
      const at = address.lastIndexOf('@');
      const mailbox = at < 0 ? address : address.slice(0, at);
      const host = at < 0 ? undefined : address.slice(at + 1);
      return list([a.name ? istring(a.name) : 'NIL', 'NIL', istring(mailbox), nstring(host)]);
    });
  return list(items, true);
}

/** ENVELOPE (RFC 3501 §7.4.2): Sender and Reply-To default to From, as the RFC asks. */
export function buildEnvelope(headers: readonly HeaderField[], parse: AddressParser = addressparser): Out {
  const get = (name: string) => header(headers, name);
  const from = addresses(get('from'), parse);
  const sender = get('sender');
  const replyTo = get('reply-to');
  return list([
    nstring(get('date')),
    nstring(get('subject')),
    from,
    sender === undefined ? from : addresses(sender, parse),
    replyTo === undefined ? from : addresses(replyTo, parse),
    addresses(get('to'), parse),
    addresses(get('cc'), parse),
    addresses(get('bcc'), parse),
    nstring(get('in-reply-to')),
    nstring(get('message-id')),
  ]);
}

// ---------------------------------------------------------------- BODYSTRUCTURE

function paramList(params: readonly [string, string][]): Out {
  return list(
    params.flatMap(([k, v]) => [istring(k.toUpperCase()), istring(v)]),
    true,
  );
}

function disposition(node: MimeNode): Out {
  const value = header(node.headers, 'content-disposition');
  if (!value) return 'NIL';
  const parsed = parseParams(value);
  return list([istring(parsed.value.toLowerCase()), paramList(parsed.params)]);
}

function extension(node: MimeNode): Out[] {
  const language = header(node.headers, 'content-language');
  return [
    disposition(node),
    language ? list([istring(language)]) : 'NIL',
    nstring(header(node.headers, 'content-location')),
  ];
}

/** BODYSTRUCTURE (`extensible`) or BODY (RFC 3501 §7.4.2). */
export function buildBodyStructure(node: MimeNode, extensible: boolean): Out {
  if (node.children && node.children.length > 0) {
    const parts: Out[] = node.children.map((c) => buildBodyStructure(c, extensible));
    const tail: Out[] = [istring(node.subtype)];
    if (extensible) tail.push(paramList(node.params.filter(([k]) => k !== 'charset')), ...extension(node));
    const inner = list(tail);
    // `(part)(part) "mixed" …`: the parts are not separated by spaces.
    const innerParts = typeof inner === 'string' ? [inner.slice(1)] : [inner.subarray(1)];
    return toBuffer(['(', ...parts, ' ', ...innerParts]);
  }
  const type = node.children ? ['text', 'plain'] : [node.type, node.subtype];
  const encoding = header(node.headers, 'content-transfer-encoding')?.toLowerCase() ?? '7bit';
  const fields: Out[] = [
    istring(type[0]),
    istring(type[1]),
    paramList(node.params.filter(([k]) => k !== 'boundary')),
    nstring(header(node.headers, 'content-id')),
    nstring(header(node.headers, 'content-description')),
    istring(encoding),
    String(node.end - node.bodyStart),
  ];
  if (node.message)
    fields.push(buildEnvelope(node.message.headers), buildBodyStructure(node.message, extensible));
  if (type[0] === 'text' || node.message) fields.push(String(node.lines));
  if (extensible) fields.push(nstring(header(node.headers, 'content-md5')), ...extension(node));
  return list(fields);
}

// ---------------------------------------------------------------- BODY[section]

export interface Section {
  /** Part path, e.g. [1, 2]; empty for the message itself. */
  path: number[];
  text?: 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';
  fields?: string[];
}

function partAt(root: MimeNode, path: readonly number[]): MimeNode | undefined {
  let node: MimeNode | undefined = root;
  for (const n of path) {
    if (!node) return undefined;
    if (node.message) node = node.message;
    if (node.children) node = node.children[n - 1];
    else if (n !== 1) return undefined;
  }
  return node;
}

/** The bytes a section names (RFC 3501 §6.4.5); an empty buffer when the message has no such part. */
export function extractSection(raw: Buffer, root: MimeNode, section: Section): Buffer {
  const node = partAt(root, section.path);
  if (!node) return Buffer.alloc(0);
  if (!section.text) return section.path.length === 0 ? raw : raw.subarray(node.bodyStart, node.end);
  if (section.text === 'MIME')
    return section.path.length === 0 ? Buffer.alloc(0) : raw.subarray(node.start, node.bodyStart);
  // HEADER and TEXT of a part number address its enclosed message (message/rfc822 only).
  const message = section.path.length === 0 ? node : node.message;
  if (!message) return Buffer.alloc(0);
  switch (section.text) {
    case 'TEXT':
      return raw.subarray(message.bodyStart, message.end);
    case 'HEADER':
      return headerBlock(raw, message);
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT': {
      const names = new Set((section.fields ?? []).map((f) => f.toLowerCase()));
      const keep = section.text === 'HEADER.FIELDS';
      const picked = message.headers.filter((h) => names.has(h.name) === keep);
      return Buffer.concat([...picked.flatMap((h) => [h.raw, Buffer.from('\r\n')]), Buffer.from('\r\n')]);
    }
  }
}

function headerBlock(raw: Buffer, node: MimeNode): Buffer {
  const block = raw.subarray(node.start, node.bodyStart);
  const text = block.toString('latin1', Math.max(0, block.length - 4));
  // A header with no blank line after it (no body) still gets the empty line the grammar promises.
  if (block.length === 0 || text.endsWith('\n\n') || text.endsWith('\n\r\n')) return block;
  return Buffer.concat([block, Buffer.from(text.endsWith('\n') ? '\r\n' : '\r\n\r\n')]);
}
