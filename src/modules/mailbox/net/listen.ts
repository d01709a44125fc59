import type net from 'node:net';

/** Binds a protocol listener; resolves with the port it got (the one asked for, or the kernel's for 0). */
export async function listenOn(
  server: net.Server,
  port: number,
  host: string,
): Promise<{ host: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return { host, port: typeof address === 'object' && address ? address.port : port };
}

/** The options a caller set, so that spreading them over defaults keeps a default where one is undefined. */
export function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
