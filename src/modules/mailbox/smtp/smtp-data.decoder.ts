const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
/** A line that starts with a dot: the only place where DATA needs anything but copying. */
const CRLF_DOT = Buffer.from('\r\n.');
const CR_BYTE = Buffer.from('\r');

/** Where the decoder stands at the end of what it has seen so far. */
const enum At {
  /** Inside a line. */
  Text,
  /** Just after a CR inside a line. */
  Cr,
  /** At the start of a line (after CRLF, or at the start of the data). */
  LineStart,
  /** After a dot that starts a line; the dot is not content (stuffing, RFC 5321 §4.5.2). */
  Dot,
  /** After a line-start dot and a CR: the next LF ends the data. */
  DotCr,
}

/**
 * The DATA phase of SMTP on Buffers, never on strings: the end is `CRLF . CRLF` (the data starts
 * as if after a CRLF, so an empty message is just `.CRLF`), and a dot that starts a line is
 * removed (RFC 5321 §4.5.2 transparency). Only CRLF ends a line: a bare LF is content, so
 * `LF . LF` or `LF . CRLF` can never end the data early and smuggle commands in behind it (the
 * "SMTP smuggling" attacks of 2023). Any split of the input into chunks gives the same result: the
 * state between two chunks is one of five values, so a dot or a CRLF split across TCP segments is
 * handled the same as one in a single segment. The common case (no line starts with a dot) is one
 * `indexOf` per chunk and a sub-array of it, no copy.
 */
export class SmtpDataDecoder {
  private at = At.LineStart;

  /**
   * Feeds one chunk, passing its content to `out` (sub-arrays of `chunk`, in order). Returns the
   * offset just past the final `CRLF.CRLF`, whatever follows belonging to the next command, or -1
   * when the data goes on in the next chunk. After the end the decoder is ready for a new message.
   */
  feed(chunk: Buffer, out: (piece: Buffer) => void): number {
    const n = chunk.length;
    let i = 0;
    // Content not yet passed on starts here.
    let start = 0;
    while (i < n) {
      if (this.at === At.Text) {
        const hit = chunk.indexOf(CRLF_DOT, i);
        if (hit !== -1) {
          // The CRLF before the dot is content (it ends the last line); the dot is not.
          if (hit + 2 > start) out(chunk.subarray(start, hit + 2));
          i = hit + 3;
          start = i;
          this.at = At.Dot;
          continue;
        }
        // No complete CRLF-dot: keep what a split one would need from the end of the chunk.
        if (chunk[n - 1] === CR) this.at = At.Cr;
        else if (n - i >= 2 && chunk[n - 2] === CR && chunk[n - 1] === LF) this.at = At.LineStart;
        i = n;
        break;
      }
      const byte = chunk[i++];
      switch (this.at) {
        case At.Cr:
          this.at = byte === LF ? At.LineStart : byte === CR ? At.Cr : At.Text;
          break;
        case At.LineStart:
          if (byte === DOT) {
            if (i - 1 > start) out(chunk.subarray(start, i - 1));
            start = i;
            this.at = At.Dot;
          } else this.at = byte === CR ? At.Cr : At.Text;
          break;
        case At.Dot:
          this.at = byte === CR ? At.DotCr : At.Text;
          break;
        case At.DotCr:
          if (byte === LF) {
            // The end. The CR after the dot was held back (see below), never passed on.
            this.at = At.LineStart;
            return i;
          }
          // Not the end after all: the CR after the dot is content. It is still in `start..`
          // unless it came at the end of the previous chunk.
          if (i - 2 < start) out(CR_BYTE);
          this.at = byte === CR ? At.Cr : At.Text;
          break;
      }
    }
    // A CR right after a line-start dot may be the start of the end: hold it back.
    const end = this.at === At.DotCr ? n - 1 : n;
    if (end > start) out(chunk.subarray(start, end));
    return -1;
  }

  /** Back to the start of a message (after RSET, or when a transaction is abandoned). */
  reset(): void {
    this.at = At.LineStart;
  }
}
