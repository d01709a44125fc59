import { preferSmallHeap } from './common/lifecycle/small-heap';

/**
 * Imported first by cli.ts, so it runs before any other module is loaded: the dev mailbox alone is
 * meant to sit in a corner of a developer's machine, so it trades a little GC time for about 30 MB
 * of RSS (docs/mailbox.md, "Memory"). Loading Nest alone would otherwise grow the young generation.
 * Other roles keep V8's defaults.
 */
if (process.argv[2] === 'mailbox') preferSmallHeap(process.execArgv, process.env.NODE_OPTIONS);
