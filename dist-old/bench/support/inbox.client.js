"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WAIT_TIMEOUT_MS = void 0;
exports.timeOneSignup = timeOneSignup;
exports.timeSignups = timeSignups;
const signup_load_1 = require("./signup.load");
/** How long one wait may hang before the mailbox answers 204 (a miss, counted, never retried). */
exports.WAIT_TIMEOUT_MS = 20_000;
/**
 * One signup timed end to end as a user sees it: from sending POST /users until the message can be
 * read through GET /mailbox/api/wait (of `mailboxUrl`, when the dev mailbox runs in another process).
 */
async function timeOneSignup(url, body, mailboxUrl = url) {
    const email = JSON.parse(body).email;
    // The wait goes out first; without `after` it returns any message to the address, so it cannot
    // miss one that lands before the mailbox registers the wait.
    const wait = fetch(`${mailboxUrl}/mailbox/api/wait?to=${encodeURIComponent(email)}&timeout=${exports.WAIT_TIMEOUT_MS}`).then(async (res) => {
        const message = res.status === 200 ? (await res.json()) : null;
        if (message === null)
            await res.arrayBuffer();
        return { message, at: performance.now() };
    }, () => ({ message: null, at: performance.now() }));
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
    }
    catch {
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
async function timeSignups(url, count, concurrency, tag) {
    const nextBody = (0, signup_load_1.signupBodies)(tag);
    const out = [];
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
//# sourceMappingURL=inbox.client.js.map