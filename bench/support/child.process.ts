import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root, from dist/bench/support/ where this file runs. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A server under test, run in its own Node process so the load generator never shares its event loop. */
export interface ServerProcess {
  name: string;
  pid: number;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Asks the kernel for a free port on 127.0.0.1 (the server binds it right after; the race is harmless here). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function exitOf(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
  return Promise.race([exited, sleep(timeoutMs).then(() => false)]);
}

/**
 * Starts `node <script>` with exactly `env` (plus PATH), its output in `logFile`, and waits until
 * `readyUrl` answers 200. Bounded: gives up after `startTimeoutMs` and shows the log's tail.
 */
export async function startServerProcess(opts: {
  name: string;
  script: string;
  env: Record<string, string>;
  url: string;
  readyPath: string;
  logFile: string;
  nodeArgs?: string[];
  /** Arguments after the script (a CLI role, say). */
  args?: string[];
  startTimeoutMs?: number;
}): Promise<ServerProcess> {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.script, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await exitOf(child, 10_000))) {
      child.kill('SIGKILL');
      await exitOf(child, 5_000);
    }
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${opts.name} exited during start-up (${child.exitCode ?? child.signalCode}):\n${tail(opts.logFile)}`,
      );
    try {
      const res = await fetch(opts.url + opts.readyPath, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200)
        return { name: opts.name, pid: child.pid as number, url: opts.url, logFile: opts.logFile, stop };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(
    `${opts.name} did not answer ${opts.readyPath} within the start-up limit:\n${tail(opts.logFile)}`,
  );
}

/**
 * Starts a server that owns the temporary `dataDir`: the folder is removed when the server stops,
 * or at once when it fails to start.
 */
export async function withOwnedDataDir(
  dataDir: string,
  start: () => Promise<ServerProcess>,
): Promise<ServerProcess> {
  try {
    const server = await start();
    return {
      ...server,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
