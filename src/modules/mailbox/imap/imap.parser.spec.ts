import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandFramer } from './imap.framer';
import { type CommandChunks, ImapSyntaxError, type Token, parseCommand, tokenize } from './imap.parser';

const text = (t: Token): unknown =>
  t.kind === 'atom' ? t.value : t.kind === 'string' ? `"${t.value.toString()}"` : t.items.map(text);

describe('IMAP tokenizer', () => {
  it('reads atoms, quoted strings with escapes, nested lists and NIL', () => {
    assert.deepEqual(tokenize(['a1 LOGIN "us\\"er" (x (y z)) NIL']).map(text), [
      'a1',
      'LOGIN',
      '"us"er"',
      ['x', ['y', 'z']],
      'NIL',
    ]);
  });

  it('keeps a fetch section with spaces and a partial range as one atom', () => {
    assert.deepEqual(tokenize(['1 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100> FLAGS)']).map(text), [
      '1',
      ['UID', 'BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100>', 'FLAGS'],
    ]);
  });

  it('reads flags, sequence sets and LIST wildcards as atoms', () => {
    assert.deepEqual(tokenize(['1:* +FLAGS (\\Seen \\Deleted) "" %']).map(text), [
      '1:*',
      '+FLAGS',
      ['\\Seen', '\\Deleted'],
      '""',
      '%',
    ]);
  });

  it('turns literals into strings', () => {
    const cmd = parseCommand(['a LOGIN ', Buffer.from('bob'), ' ', Buffer.from('p w\r\n'), '']);
    assert.equal(cmd.name, 'LOGIN');
    assert.deepEqual(cmd.args.map(text), ['"bob"', '"p w\r\n"']);
  });

  it('refuses unbalanced input and a missing tag', () => {
    for (const bad of ['a (x', 'a x)', 'a "open', '(', '+ x', ''])
      assert.throws(() => parseCommand([bad]), ImapSyntaxError, bad);
  });
});

function frame(limits = { maxLine: 100, maxLiteral: 50 }) {
  const commands: CommandChunks[] = [];
  const events: string[] = [];
  const framer = new CommandFramer(limits, {
    command: (c) => commands.push(c),
    continueLiteral: () => events.push('+'),
    reject: (tag, reason, fatal) => events.push(`${tag} ${reason}${fatal ? ' (fatal)' : ''}`),
  });
  return { framer, commands, events };
}

describe('IMAP framer', () => {
  it('splits pipelined commands and lines cut anywhere', () => {
    const { framer, commands } = frame();
    framer.push(Buffer.from('a NOOP\r\nb NO'));
    framer.push(Buffer.from('OP\r\n'));
    assert.deepEqual(commands, [['a NOOP'], ['b NOOP']]);
  });

  it('asks for a synchronizing literal and reads exactly its bytes', () => {
    const { framer, commands, events } = frame();
    framer.push(Buffer.from('a LOGIN {3}\r\n'));
    assert.deepEqual(events, ['+']);
    framer.push(Buffer.from('b\r\nx {2+}\r\n\r\n\r\n'));
    assert.deepEqual(commands, [['a LOGIN ', Buffer.from('b\r\n'), 'x ', Buffer.from('\r\n'), '']]);
  });

  it('refuses a literal over the cap from its announced size', () => {
    const { framer, commands, events } = frame();
    framer.push(Buffer.from('a LOGIN {51}\r\nb NOOP\r\n'));
    framer.push(Buffer.from('c LOGIN {1000000+}\r\n'));
    assert.deepEqual(events, [
      'a literal too big (limit 50 bytes)',
      'c literal too big (limit 50 bytes) (fatal)',
    ]);
    assert.deepEqual(commands, [['b NOOP']]);
  });

  it('drops an over-long line, even one that never ends, and carries on after it', () => {
    const { framer, commands, events } = frame();
    framer.push(Buffer.from(`a ${'x'.repeat(150)}`));
    framer.push(Buffer.from('y'.repeat(500)));
    framer.push(Buffer.from('\r\nb NOOP\r\n'));
    assert.deepEqual(events, ['a line too long']);
    assert.deepEqual(commands, [['b NOOP']]);
  });
});
