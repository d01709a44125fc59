import type { MailboxFlag, MessageMeta } from '../mailbox.store';
import { parseSearchDate } from './imap.format';
import { type Token, asString } from './imap.parser';
import { type SequenceRange, inSequenceSet, parseSequenceSet } from './sequence-set';

/**
 * SEARCH criteria (RFC 3501 §6.4.4) over what the store keeps in memory: flags, envelope
 * headers (From, To, Subject), dates and sizes. TEXT and BODY look at the first KiB of the text
 * the store keeps for search (bodies are not in memory; see docs/mailbox.md).
 */
export type Criterion =
  | { op: 'all' }
  | { op: 'and'; of: Criterion[] }
  | { op: 'or'; a: Criterion; b: Criterion }
  | { op: 'not'; of: Criterion }
  | { op: 'flag'; flag: MailboxFlag; set: boolean }
  | { op: 'none' }
  | { op: 'text'; field: 'from' | 'to' | 'subject' | 'body' | 'text'; needle: string }
  | { op: 'date'; field: 'internal' | 'sent'; cmp: 'since' | 'before' | 'on'; day: number }
  | { op: 'recent'; set: boolean }
  | { op: 'size'; cmp: 'larger' | 'smaller'; bytes: number }
  | { op: 'seq'; ranges: SequenceRange[]; uid: boolean };

export interface SearchContext {
  /** Largest sequence number and UID in the mailbox (for `*`). */
  maxSeq: number;
  maxUid: number;
}

export interface Candidate {
  seq: number;
  uid: number;
  meta: MessageMeta;
  flags: ReadonlySet<MailboxFlag>;
  /** \Recent in this session. */
  recent?: boolean;
}

export class SearchSyntaxError extends Error {}

const FLAG_KEYS: Record<string, [MailboxFlag, boolean]> = {
  ANSWERED: ['\\Answered', true],
  UNANSWERED: ['\\Answered', false],
  DELETED: ['\\Deleted', true],
  UNDELETED: ['\\Deleted', false],
  DRAFT: ['\\Draft', true],
  UNDRAFT: ['\\Draft', false],
  FLAGGED: ['\\Flagged', true],
  UNFLAGGED: ['\\Flagged', false],
  SEEN: ['\\Seen', true],
  UNSEEN: ['\\Seen', false],
};
const TEXT_KEYS = { FROM: 'from', TO: 'to', SUBJECT: 'subject', BODY: 'body', TEXT: 'text' } as const;
const DATE_KEYS = {
  SINCE: ['internal', 'since'],
  BEFORE: ['internal', 'before'],
  ON: ['internal', 'on'],
  SENTSINCE: ['sent', 'since'],
  SENTBEFORE: ['sent', 'before'],
  SENTON: ['sent', 'on'],
} as const;

export function parseSearch(tokens: readonly Token[], ctx: SearchContext): Criterion {
  let i = 0;
  // CHARSET is accepted for UTF-8 and US-ASCII, the only ones we compare in.
  if (asString(tokens[0])?.toUpperCase() === 'CHARSET') {
    const charset = asString(tokens[1])?.toUpperCase();
    if (charset !== 'UTF-8' && charset !== 'US-ASCII')
      throw new SearchSyntaxError('[BADCHARSET (UTF-8 US-ASCII)]');
    i = 2;
  }
  const all: Criterion[] = [];
  const next = (): Token => {
    const t = tokens[i++];
    if (!t) throw new SearchSyntaxError('search key expected');
    return t;
  };
  const key = (): Criterion => {
    const t = next();
    if (t.kind === 'list') return { op: 'and', of: parseSearchKeys(t.items, ctx) };
    if (t.kind !== 'atom') throw new SearchSyntaxError('search key expected');
    const name = t.value.toUpperCase();
    const arg = () => {
      const value = asString(next());
      if (value === undefined) throw new SearchSyntaxError(`${name} needs an argument`);
      return value;
    };
    if (name === 'ALL') return { op: 'all' };
    if (name in FLAG_KEYS) {
      const [flag, set] = FLAG_KEYS[name];
      return { op: 'flag', flag, set };
    }
    if (name === 'RECENT') return { op: 'recent', set: true };
    if (name === 'OLD') return { op: 'recent', set: false };
    // NEW is RECENT UNSEEN (RFC 3501 §6.4.4).
    if (name === 'NEW')
      return {
        op: 'and',
        of: [
          { op: 'recent', set: true },
          { op: 'flag', flag: '\\Seen', set: false },
        ],
      };
    if (name in TEXT_KEYS)
      return { op: 'text', field: TEXT_KEYS[name as keyof typeof TEXT_KEYS], needle: arg().toLowerCase() };
    if (name in DATE_KEYS) {
      const [field, cmp] = DATE_KEYS[name as keyof typeof DATE_KEYS];
      const day = parseSearchDate(arg());
      if (day === undefined) throw new SearchSyntaxError(`${name} needs a date like 1-Feb-2026`);
      return { op: 'date', field, cmp, day };
    }
    if (name === 'LARGER' || name === 'SMALLER') {
      const bytes = Number(arg());
      if (!Number.isSafeInteger(bytes) || bytes < 0) throw new SearchSyntaxError(`${name} needs a number`);
      return { op: 'size', cmp: name === 'LARGER' ? 'larger' : 'smaller', bytes };
    }
    if (name === 'NOT') return { op: 'not', of: key() };
    if (name === 'OR') return { op: 'or', a: key(), b: key() };
    if (name === 'UID') {
      const ranges = parseSequenceSet(arg(), ctx.maxUid);
      if (!ranges) throw new SearchSyntaxError('UID needs a sequence set');
      return { op: 'seq', ranges, uid: true };
    }
    const ranges = parseSequenceSet(t.value, ctx.maxSeq);
    if (ranges) return { op: 'seq', ranges, uid: false };
    throw new SearchSyntaxError(`unsupported search key ${name.slice(0, 40)}`);
  };
  while (i < tokens.length) all.push(key());
  if (all.length === 0) throw new SearchSyntaxError('search key expected');
  return all.length === 1 ? all[0] : { op: 'and', of: all };
}

function parseSearchKeys(items: Token[], ctx: SearchContext): Criterion[] {
  const c = parseSearch(items, ctx);
  return c.op === 'and' ? c.of : [c];
}

const DAY = 86_400_000;

function dayOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.floor(t / DAY) * DAY;
}

export function matches(c: Criterion, m: Candidate): boolean {
  switch (c.op) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'and':
      return c.of.every((x) => matches(x, m));
    case 'or':
      return matches(c.a, m) || matches(c.b, m);
    case 'not':
      return !matches(c.of, m);
    case 'flag':
      return m.flags.has(c.flag) === c.set;
    case 'recent':
      return (m.recent === true) === c.set;
    case 'text': {
      const meta = m.meta;
      const haystack =
        c.field === 'from'
          ? `${meta.from} ${meta.sender}`
          : c.field === 'to'
            ? `${meta.toHeader} ${meta.recipients.join(' ')}`
            : c.field === 'subject'
              ? meta.subject
              : c.field === 'body'
                ? meta.snippet
                : `${meta.from} ${meta.toHeader} ${meta.subject} ${meta.snippet}`;
      return haystack.toLowerCase().includes(c.needle);
    }
    case 'date': {
      const day = dayOf(c.field === 'internal' ? m.meta.receivedAt : m.meta.date);
      return c.cmp === 'since' ? day >= c.day : c.cmp === 'before' ? day < c.day : day === c.day;
    }
    case 'size':
      return c.cmp === 'larger' ? m.meta.size > c.bytes : m.meta.size < c.bytes;
    case 'seq':
      return inSequenceSet(c.ranges, c.uid ? m.uid : m.seq);
  }
}
