/**
 * Waits for `work` at most `ms`; true when it finished in time. For shutdown steps that talk to a
 * dependency that may be down (BullMQ's close waits for Redis): the process must still exit, and
 * what was not finished is recovered by leases and the relay.
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false))),
  ]);
  clearTimeout(timer);
  return finished;
}
