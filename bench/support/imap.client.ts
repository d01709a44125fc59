import net from 'node:net';

/**
 * A raw IMAP client for the fetch benchmark, the same for mailgate and Dovecot: it sends one
 * command at a time and collects the untagged lines (literals included) until the tagged answer.
 * It parses nothing beyond line ends and `{n}` literal lengths, so its cost per response line is
 * tiny next to the server's.
 */
export interface TaggedResult {
  status: string;
  text: string;
  untagged: number;
  /** Untagged lines that contain ` FETCH (`. */
  fetches: number;
  bytes: number;
  elapsedMs: number;
  lines: string[];
}

export class ImapRawClient {
  private buffer: Buffer = Buffer.alloc(0);
  private literalLeft = 0;
  private current = '';
  private pending?: {
    tag: string;
    result: TaggedResult;
    keepLines: boolean;
    started: number;
    resolve: (r: TaggedResult) => void;
    reject: (e: Error) => void;
  };
  private tagNo = 0;
  private greeting?: () => void;
  private failure?: Error;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static async connect(host: string, port: number): Promise<ImapRawClient> {
    const socket = net.connect(port, host);
    socket.setNoDelay(true);
    const client = new ImapRawClient(socket);
    await new Promise<void>((resolve, reject) => {
      client.greeting = resolve;
      socket.once('error', reject);
    });
    return client;
  }

  /** Sends `<tag> <command>` and resolves at the tagged answer (any status). */
  command(command: string, keepLines = false): Promise<TaggedResult> {
    if (this.failure) return Promise.reject(this.failure);
    const tag = `b${++this.tagNo}`;
    return new Promise((resolve, reject) => {
      this.pending = {
        tag,
        keepLines,
        started: performance.now(),
        result: { status: '', text: '', untagged: 0, fetches: 0, bytes: 0, elapsedMs: 0, lines: [] },
        resolve,
        reject,
      };
      this.socket.write(`${tag} ${command}\r\n`);
    });
  }

  /** Like `command` but rejects unless the answer is OK. */
  async ok(command: string, keepLines = false): Promise<TaggedResult> {
    const result = await this.command(command, keepLines);
    if (result.status !== 'OK') throw new Error(`${command.split(' ')[0]}: ${result.status} ${result.text}`);
    return result;
  }

  close(): void {
    this.socket.destroy();
  }

  private feed(chunk: Buffer): void {
    if (this.pending) this.pending.result.bytes += chunk.length;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let pos = 0;
    for (;;) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, this.buffer.length - pos);
        this.current += '<literal>';
        this.literalLeft -= take;
        pos += take;
        if (this.literalLeft > 0) break;
        continue;
      }
      const nl = this.buffer.indexOf(0x0a, pos);
      if (nl < 0) break;
      const piece = this.buffer.toString('latin1', pos, nl).replace(/\r$/, '');
      pos = nl + 1;
      const literal = /\{(\d+)\+?\}$/.exec(piece);
      this.current += piece;
      if (literal) {
        this.literalLeft = Number(literal[1]);
        continue;
      }
      const line = this.current;
      this.current = '';
      this.line(line);
    }
    this.buffer = this.buffer.subarray(pos);
  }

  private line(line: string): void {
    if (this.greeting) {
      const done = this.greeting;
      this.greeting = undefined;
      done();
      return;
    }
    const pending = this.pending;
    if (!pending) return;
    if (line.startsWith('* ')) {
      pending.result.untagged++;
      if (line.includes(' FETCH (')) pending.result.fetches++;
      if (pending.keepLines) pending.result.lines.push(line);
      return;
    }
    if (!line.startsWith(`${pending.tag} `)) return;
    const rest = line.slice(pending.tag.length + 1);
    const space = rest.indexOf(' ');
    pending.result.status = space < 0 ? rest : rest.slice(0, space);
    pending.result.text = space < 0 ? '' : rest.slice(space + 1);
    pending.result.elapsedMs = performance.now() - pending.started;
    this.pending = undefined;
    pending.resolve(pending.result);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(err);
  }
}
