import http from 'node:http';

/**
 * Loaded with `node -r` into `mailgate mailbox` by the memory benchmark, so the process measured
 * is the real role, unchanged. A side HTTP listener on BENCH_MEMORY_PORT answers GET with
 * `process.memoryUsage()` now, and POST /gc?rest=N with two readings:
 * - `afterGc`: right after full collections (the process runs with --expose-gc) and a pause for
 *   V8's background threads to hand freed pages back — garbage is gone, but V8 keeps the pages it
 *   freed pooled for reuse;
 * - `atRest`: N ms later, nothing forced meanwhile: what an idle process keeps once V8's memory
 *   reducer has run (it follows a full collection by a few seconds when allocation has stopped,
 *   compacts the heap and releases those pages).
 */
const port = Number(process.env.BENCH_MEMORY_PORT);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readings(
  restMs: number,
): Promise<{ afterGc: NodeJS.MemoryUsage; atRest: NodeJS.MemoryUsage }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(1500);
  gc?.();
  await sleep(500);
  const afterGc = process.memoryUsage();
  await sleep(restMs);
  return { afterGc, atRest: process.memoryUsage() };
}

const server = http.createServer((req, res) => {
  const send = (body: unknown) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/gc')
    void readings(Number(url.searchParams.get('rest') ?? 0)).then(send);
  else send({ memory: process.memoryUsage() });
});
// Never keeps the process alive: the role's own shutdown decides when it exits.
server.unref();
server.listen(port, '127.0.0.1');
