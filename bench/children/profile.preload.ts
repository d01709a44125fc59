import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

/**
 * Loaded with `node -r` into a server under test when the bench runs with --profile. The first
 * SIGWINCH starts V8's CPU profiler, the second stops it and writes
 * `$BENCH_PROFILE_DIR/<pid>.cpuprofile`, so the profile covers only the measured window (not
 * start-up or warm-up) and the server itself needs no change. SIGWINCH because Nest's shutdown
 * hooks take SIGUSR2, SIGUSR1 opens Node's inspector, and SIGWINCH is ignored by default.
 */
const dir = process.env.BENCH_PROFILE_DIR ?? '.';
let session: Session | undefined;

process.on('SIGWINCH', () => {
  if (session === undefined) {
    const started = new Session();
    started.connect();
    started.post('Profiler.enable', () => started.post('Profiler.start'));
    session = started;
    return;
  }
  const running = session;
  session = undefined;
  running.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    running.disconnect();
  });
});
