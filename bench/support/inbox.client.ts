import { signupBodies } from './signup.load';

/** How long one wait may hang before the mailbox answers 204 (a miss, counted, never retried). */
export const WAIT_TIMEOUT_MS = 20_000;

export interface Timed {
  /** POST /users until its answer. */
  postMs: number;
  /** POST /users sent until the wait returned the message. */
  inboxMs: number;
  status: number;
  delivered: boolean;
  /** The message carried a 6-digit code, i.e. it was rendered with its secrets. */
  hasCode: boolean;
}

/**
 * One signup timed end to end as a user sees it: from sending POST /users until the message can be
 * read through GET /mailbox/api/wait (of `mailboxUrl`, when the dev mailbox runs in another process).
 */
export async function timeOneSignup(url: string, body: string, mailboxUrl = url): Promise<Timed> {
  const email = (JSON.parse(body) as { email: string }).email;
  // The wait goes out first; without `after` it returns any message to the address, so it cannot
  // miss one that lands before the mailbox registers the wait.
  const wait = fetch(
    `${mailboxUrl}/mailbox/api/wait?to=${encodeURIComponent(email)}&timeout=${WAIT_TIMEOUT_MS}`,
  ).then(
    async (res) => {
      const message = res.status === 200 ? ((await res.json()) as { codes?: unknown }) : null;
      if (message === null) await res.arrayBuffer();
      return { message, at: performance.now() };
    },
    () => ({ message: null, at: performance.now() }),
  );
  const t0 = performance.now();
  let status = 0;
  try {
    const post = await fetch(`${url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await post.arrayBuffer();
    status = post.status;
  } catch {
    // counted as status 0: the run reports it instead of stopping
  }
  const tPost = performance.now();
  const { message, at } = await wait;
  return {
    postMs: tPost - t0,
    inboxMs: at - t0,
    status,
    delivered: message !== null,
    hasCode: Array.isArray(message?.codes) && message.codes.length > 0,
  };
}

/** `count` signups spread over `concurrency` loops, each sending the next when its last arrived. */
export async function timeSignups(
  url: string,
  count: number,
  concurrency: number,
  tag: string,
): Promise<Timed[]> {
  const nextBody = signupBodies(tag);
  const out: Timed[] = [];
  let issued = 0;
  const loop = async () => {
    while (issued < count) {
      issued++;
      out.push(await timeOneSignup(url, nextBody()));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop));
  return out;
}
