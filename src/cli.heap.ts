import { capYoungGeneration } from './common/lifecycle/young-generation';

/**
 * Imported first by cli.ts, so it runs before any other module is loaded: the dev mailbox alone is
 * meant to sit in a corner of a developer's machine, so it trades a little GC time for about 30 MB
 * of RSS (docs/mailbox.md, "Memory"). Loading Nest alone would otherwise grow the young generation.
 */
if (process.argv[2] === 'mailbox') capYoungGeneration(process.execArgv, process.env.NODE_OPTIONS);
