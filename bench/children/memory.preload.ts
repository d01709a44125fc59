import http from 'node:http';

/**
 * Loaded with `node -r` into `mailgate mailbox` by the memory benchmark, so the process measured
 * is the real role, unchanged. A side HTTP listener on BENCH_MEMORY_PORT answers GET with
 * `process.memoryUsage()`, and POST /gc runs full collections first (the process is started with
 * --expose-gc), waits for V8's background threads to hand freed pages back, collects again, then
 * answers: the RSS read then is what the process keeps at rest, not garbage awaiting collection.
 */
const port = Number(process.env.BENCH_MEMORY_PORT);
const server = http.createServer((req, res) => {
  const answer = () => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ memory: process.memoryUsage() }));
  };
  if (req.method !== 'POST' || req.url !== '/gc') return answer();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  setTimeout(() => {
    gc?.();
    setTimeout(answer, 500);
  }, 1500);
});
// Never keeps the process alive: the role's own shutdown decides when it exits.
server.unref();
server.listen(port, '127.0.0.1');
