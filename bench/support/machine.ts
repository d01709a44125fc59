import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a reader needs to compare a result with their own machine. */
export interface MachineFacts {
  nproc: number;
  cpuModel: string;
  node: string;
  platform: string;
  memMiB: number;
}

export interface LoadFacts {
  at: string;
  /** 1, 5 and 15 minute load averages. */
  loadavg: number[];
  /** The busiest processes (ps, by %CPU), to show what else ran. */
  busiest: string[];
}

export function machineFacts(): MachineFacts {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {
    // keep os.cpus()'s answer
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memMiB: Math.round(os.totalmem() / 2 ** 20),
  };
}

export function loadFacts(): LoadFacts {
  let busiest: string[] = [];
  try {
    busiest = execFileSync('ps', ['-eo', 'pcpu,pid,comm,args', '--sort=-pcpu'], { encoding: 'utf8' })
      .split('\n')
      .slice(1, 6)
      .map((l) => l.trim().slice(0, 120))
      .filter(Boolean);
  } catch {
    // ps missing: the load average still says enough
  }
  return {
    at: new Date().toISOString(),
    loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100),
    busiest,
  };
}

/**
 * Waits (bounded) until the 1-minute load average drops below `maxLoad`, so numbers are not taken
 * while something else uses the cores. Returns the load seen last; the caller records it either way.
 */
export async function waitForQuiet(
  maxLoad: number,
  maxWaitS: number,
  say: (s: string) => void,
): Promise<LoadFacts> {
  const deadline = Date.now() + maxWaitS * 1000;
  let facts = loadFacts();
  while (facts.loadavg[0] >= maxLoad && Date.now() < deadline) {
    say(`load ${facts.loadavg[0]} >= ${maxLoad}; waiting (busiest: ${facts.busiest[0] ?? '?'})`);
    await sleep(15_000);
    facts = loadFacts();
  }
  return facts;
}
