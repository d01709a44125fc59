import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size (two 1 MiB semi-spaces) for the rest of the
 * process. By default V8 doubles it whenever enough objects survive a scavenge, up to 2 × 16 MiB,
 * and keeps it at that size: in the dev mailbox, start-up (loading Nest and its modules) and a burst
 * of SMTP ingest grow it to the maximum, about 30 MB of RSS for garbage that dies young anyway.
 * Scavenges of a 1 MiB semi-space are more frequent but each is shorter; measured in
 * docs/benchmarks.md (mailbox-memory and the ingest A/B).
 *
 * `--max-semi-space-size` only works on the command line (V8 reads it once, when the heap is
 * set up); the growth factor is read each time the young generation would grow, so setting it
 * here, before the application is loaded, takes effect at once. Flags the user gave for the young
 * generation (`node --max-semi-space-size=…`, `NODE_OPTIONS`) win: then nothing is changed.
 * Returns whether the cap was applied.
 */
export function capYoungGeneration(execArgv: readonly string[], nodeOptions = ''): boolean {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--(max-|min-)?semi-space/.test(arg));
  if (given) return false;
  setFlagsFromString('--semi-space-growth-factor=1');
  return true;
}
