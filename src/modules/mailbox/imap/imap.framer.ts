import type { CommandChunks } from './imap.parser';

export interface FramerLimits {
  /** Longest line (without its CRLF), and the most text one command may hold across its lines. */
  maxLine: number;
  /** The most literal bytes one command may carry in total. */
  maxLiteral: number;
}

export interface FramerEvents {
  /** A whole command: its text with the literals' bytes between the pieces. */
  command(chunks: CommandChunks): void;
  /** The client announced a synchronizing literal we accept: send `+ `. */
  continueLiteral(): void;
  /**
   * A limit was broken. `fatal` when the stream cannot be resynchronised (a non-synchronizing
   * literal we refuse would otherwise make us read its bytes as commands): close after answering.
   */
  reject(tag: string, reason: string, fatal: boolean): void;
}

const LITERAL_MARKER = /\{(\d{1,20})(\+?)\}$/;

/**
 * Splits the byte stream into IMAP commands (RFC 3501 §2.2 and LITERAL+, RFC 7888) without ever
 * buffering more than the limits allow: a line is dropped as soon as it outgrows `maxLine` (and
 * the rest of it up to the next LF is skipped), a literal is refused from its announced size
 * before any of its bytes are taken, so a client announcing 1 GB costs nothing.
 */
export class CommandFramer {
  private pending: Buffer = Buffer.alloc(0);
  private chunks: CommandChunks = [];
  private textBytes = 0;
  private literalBytes = 0;
  private literalLeft = 0;
  private literalParts: Buffer[] = [];
  private skippingLine = false;

  constructor(
    private readonly limits: FramerLimits,
    private readonly events: FramerEvents,
  ) {}

  push(data: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    while (this.pending.length > 0) {
      if (this.literalLeft > 0) {
        this.takeLiteral();
        continue;
      }
      const lf = this.pending.indexOf(0x0a);
      if (lf < 0) {
        if (this.pending.length > this.limits.maxLine) this.overlong();
        return;
      }
      const line = this.pending.subarray(0, lf > 0 && this.pending[lf - 1] === 0x0d ? lf - 1 : lf);
      this.pending = this.pending.subarray(lf + 1);
      if (this.skippingLine) {
        this.skippingLine = false;
        continue;
      }
      if (line.length > this.limits.maxLine) {
        this.refuse(line.toString('latin1'), 'line too long', false);
        continue;
      }
      this.line(line.toString('utf8'));
    }
  }

  private overlong(): void {
    const text = this.pending.subarray(0, 64).toString('latin1');
    this.pending = Buffer.alloc(0);
    // Answered once, when the line first outgrew the limit; the rest of it is just dropped.
    if (this.skippingLine) return;
    this.skippingLine = true;
    this.refuse(text, 'line too long', false);
  }

  private line(text: string): void {
    this.textBytes += Buffer.byteLength(text);
    if (this.textBytes > this.limits.maxLine) return this.refuse(text, 'command too long', false);
    const marker = LITERAL_MARKER.exec(text);
    if (!marker) {
      this.chunks.push(text);
      const chunks = this.chunks;
      this.reset();
      this.events.command(chunks);
      return;
    }
    const size = Number(marker[1]);
    const synchronizing = marker[2] !== '+';
    if (this.literalBytes + size > this.limits.maxLiteral)
      return this.refuse(text, `literal too big (limit ${this.limits.maxLiteral} bytes)`, !synchronizing);
    this.chunks.push(text.slice(0, marker.index));
    this.literalBytes += size;
    this.literalLeft = size;
    if (size === 0) this.chunks.push(Buffer.alloc(0));
    // Even `{0}` waits for the go-ahead: the client sends nothing until it sees `+`.
    if (synchronizing) this.events.continueLiteral();
  }

  private takeLiteral(): void {
    const n = Math.min(this.literalLeft, this.pending.length);
    this.literalParts.push(this.pending.subarray(0, n));
    this.pending = this.pending.subarray(n);
    this.literalLeft -= n;
    if (this.literalLeft === 0) {
      this.chunks.push(Buffer.concat(this.literalParts));
      this.literalParts = [];
    }
  }

  private refuse(text: string, reason: string, fatal: boolean): void {
    const first = typeof this.chunks[0] === 'string' ? this.chunks[0] : text;
    const tag = /^[\x21-\x7e]+(?= )/.exec(first)?.[0];
    this.reset();
    this.events.reject(tag && !/[{("*%\\+]/.test(tag) ? tag : '*', reason, fatal);
  }

  private reset(): void {
    this.chunks = [];
    this.textBytes = 0;
    this.literalBytes = 0;
    this.literalLeft = 0;
    this.literalParts = [];
  }
}
