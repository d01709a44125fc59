import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MailboxFlag, MessageMeta } from '../mailbox.store';
import { tokenize } from './imap.parser';
import { type Candidate, SearchSyntaxError, matches, parseSearch } from './search';

function candidate(seq: number, meta: Partial<MessageMeta>, flags: MailboxFlag[] = []): Candidate {
  return {
    seq,
    uid: seq * 10,
    flags: new Set(flags),
    meta: {
      id: seq * 10,
      from: 'Ann <ann@example.test>',
      toHeader: 'bob@example.test',
      subject: 'Hello',
      date: '2026-11-20T10:00:00.000Z',
      snippet: 'body text',
      sender: 'ann@example.test',
      recipients: ['bob@example.test'],
      receivedAt: '2026-11-21T10:00:00.000Z',
      size: 100,
      ...meta,
    },
  };
}

const box = [
  candidate(1, {}, ['\\Seen']),
  candidate(2, {
    subject: 'Your CODE',
    from: 'Carl <carl@example.test>',
    receivedAt: '2026-11-19T23:59:59.000Z',
  }),
  candidate(3, { size: 5000 }, ['\\Deleted', '\\Seen']),
];

function search(query: string): number[] {
  const c = parseSearch(tokenize([query]), { maxSeq: 3, maxUid: 30 });
  return box.filter((m) => matches(c, m)).map((m) => m.seq);
}

describe('IMAP SEARCH criteria', () => {
  it('matches flags', () => {
    assert.deepEqual(search('ALL'), [1, 2, 3]);
    assert.deepEqual(search('SEEN'), [1, 3]);
    assert.deepEqual(search('UNSEEN'), [2]);
    assert.deepEqual(search('DELETED'), [3]);
    assert.deepEqual(search('SEEN UNDELETED'), [1]);
  });

  it('matches From, To and Subject case-insensitively', () => {
    assert.deepEqual(search('FROM carl'), [2]);
    assert.deepEqual(search('SUBJECT "your code"'), [2]);
    assert.deepEqual(search('TO BOB@example'), [1, 2, 3]);
  });

  it('compares dates by day (internal date), and sizes', () => {
    assert.deepEqual(search('SINCE 21-Nov-2026'), [1, 3]);
    assert.deepEqual(search('BEFORE 21-Nov-2026'), [2]);
    assert.deepEqual(search('ON 19-nov-2026'), [2]);
    assert.deepEqual(search('SENTON 20-Nov-2026'), [1, 2, 3]);
    assert.deepEqual(search('LARGER 1000'), [3]);
  });

  it('combines NOT, OR, lists, sequence sets and UID sets', () => {
    assert.deepEqual(search('NOT SEEN'), [2]);
    assert.deepEqual(search('OR DELETED FROM carl'), [2, 3]);
    assert.deepEqual(search('(OR SEEN FROM carl) NOT 3'), [1, 2]);
    assert.deepEqual(search('2:*'), [2, 3]);
    assert.deepEqual(search('UID 10,30'), [1, 3]);
    assert.deepEqual(search('CHARSET UTF-8 SUBJECT hello'), [1, 3]);
  });

  it('refuses bad criteria', () => {
    for (const bad of ['', 'FROM', 'SINCE yesterday', 'OR SEEN', 'BOGUS', 'UID x', 'CHARSET KOI8-R ALL'])
      assert.throws(() => search(bad), SearchSyntaxError, bad);
  });
});
