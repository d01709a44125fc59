import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The compiled CLI, as `npx mailgate` runs it. */
export const CLI = path.resolve(__dirname, '../../src/cli.js');

export interface Listening {
  url: string;
  smtp?: { host: string; port: number };
}

/** One `node dist/src/cli.js <role>` process, its JSON log lines kept for assertions. */
export class MailgateProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly listening: Promise<Listening>;
  private readonly child: ChildProcess;
  stderr = '';

  constructor(
    readonly role: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [CLI, role], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.listening = new Promise<Listening>((resolve, reject) => {
      createInterface({ input: this.child.stdout! }).on('line', (line) => {
        this.lines.push(line);
        if (line.includes('"mailgate is listening"')) resolve(JSON.parse(line) as Listening);
      });
      void this.exited.then(({ code, signal }) =>
        reject(new Error(`mailgate ${role} exited (${code ?? signal}) before listening: ${this.stderr}`)),
      );
    });
    // The rejection is observed by whoever awaits `listening`; this keeps an early exit from
    // being reported as unhandled before that.
    this.listening.catch(() => undefined);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Log lines whose message is `msg`. */
  logged(msg: string): Record<string, unknown>[] {
    return this.lines
      .filter((l) => l.includes(`"msg":"${msg}"`))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** Makes sure the process is gone (SIGKILL if it is still there). */
  async destroy(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited;
  }
}

/** Runs the CLI to completion: exit code, stdout, stderr. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
