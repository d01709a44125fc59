import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings that trade a little GC time for a smaller resident heap, for a process that mostly
 * waits (the dev mailbox alone). Set at run time, before the application is loaded, so they apply
 * from the start; V8 reads both each time it uses them. A flag the user gave for the same thing
 * (`node --max-semi-space-size=…`, `NODE_OPTIONS`) wins: that setting is then left alone.
 * Measured in docs/benchmarks.md (mailbox-memory); what each is worth in docs/mailbox.md, "Memory".
 *
 * - `--semi-space-growth-factor=1`: the young generation stays at its starting size (two 1 MiB
 *   semi-spaces). By default V8 doubles it whenever enough objects survive a scavenge, up to
 *   2 × 16 MiB, and keeps it: loading Nest and a burst of SMTP ingest reach that, ~30 MB of RSS for
 *   objects that die young. (`--max-semi-space-size` only works on the command line.)
 * - `--compact-on-every-full-gc`: each full collection also moves live objects out of fragmented
 *   pages and frees them. The mailbox's index is long-lived objects promoted among short-lived ones,
 *   then dropped oldest first by retention, which leaves pages part-used; without this, a full GC
 *   compacts only a few of them and ~10 MB of part-empty pages stay resident under steady mail.
 *
 * Returns the flags it set.
 */
export function preferSmallHeap(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  const settings: [flag: string, unlessGiven: RegExp][] = [
    ['--semi-space-growth-factor=1', /^--(max-|min-)?semi-space/],
    ['--compact-on-every-full-gc', /^--(no-)?compact/],
  ];
  const applied = settings
    .filter(([, unless]) => !given.some((arg) => unless.test(arg)))
    .map(([flag]) => flag);
  for (const flag of applied) setFlagsFromString(flag);
  return applied;
}
