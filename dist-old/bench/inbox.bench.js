"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.inboxBench = void 0;
const app_process_1 = require("./support/app.process");
const bench_1 = require("./support/bench");
const inbox_client_1 = require("./support/inbox.client");
const stats_1 = require("./support/stats");
async function phase(server, count, concurrency, tag) {
    const t0 = performance.now();
    const timed = await (0, inbox_client_1.timeSignups)(server.url, count, concurrency, tag);
    const delivered = timed.filter((t) => t.delivered);
    return {
        signups: timed.length,
        concurrency,
        wallS: (performance.now() - t0) / 1000,
        accepted: timed.filter((t) => t.status === 202).length,
        delivered: delivered.length,
        withCode: timed.filter((t) => t.hasCode).length,
        postMs: (0, stats_1.summarize)(timed.map((t) => t.postMs)),
        inboxMs: (0, stats_1.summarize)(delivered.map((t) => t.inboxMs)),
    };
}
const phaseRows = (label, p) => [
    [
        `${label}: time to inbox`,
        `p50 ${bench_1.fmt.ms(p.inboxMs.p50)}`,
        `p99 ${bench_1.fmt.ms(p.inboxMs.p99)}, max ${bench_1.fmt.ms(p.inboxMs.max)}; ${p.delivered}/${p.signups} delivered, ${p.withCode} with a code`,
    ],
    [
        `${label}: POST /users alone`,
        `p50 ${bench_1.fmt.ms(p.postMs.p50)}`,
        `p99 ${bench_1.fmt.ms(p.postMs.p99)}; ${p.accepted}/${p.signups} answered 202; ${bench_1.fmt.rate(p.signups / p.wallS)} overall`,
    ],
];
/**
 * Benchmark 3: from POST /users to the message being readable through the mailbox's wait API,
 * one signup at a time and with `connections` signups in flight.
 */
const inboxBench = async (ctx) => {
    const app = await (0, app_process_1.startMailgate)({
        transport: 'mailbox',
        threadpool: ctx.threadpool,
        logDir: ctx.logDir,
        profile: ctx.profile,
    });
    try {
        await (0, inbox_client_1.timeSignups)(app.url, 10, 1, 'inbox-warm');
        ctx.say(`time to inbox: ${ctx.inboxSequential} sequential signups`);
        const sequential = await phase(app, ctx.inboxSequential, 1, 'inbox-seq');
        ctx.say(`time to inbox: ${ctx.inboxConcurrent} signups, ${ctx.connections} in flight`);
        const concurrent = await phase(app, ctx.inboxConcurrent, ctx.connections, 'inbox-conc');
        const all = sequential.signups + concurrent.signups;
        const delivered = sequential.delivered + concurrent.delivered;
        return {
            name: 'inbox',
            title: 'Time to inbox (POST /users → GET /mailbox/api/wait returns)',
            settings: {
                sequential: ctx.inboxSequential,
                concurrent: ctx.inboxConcurrent,
                connections: ctx.connections,
                uvThreadpoolSize: ctx.threadpool,
                waitTimeoutMs: inbox_client_1.WAIT_TIMEOUT_MS,
                app: 'node dist/src/main.js, MAIL_TRANSPORT=mailbox, MAILBOX=on, RATE_LIMIT=off, LOG_LEVEL=warn',
            },
            results: { sequential, concurrent },
            targets: [
                {
                    what: 'every signup delivered to the inbox',
                    target: '100 %',
                    measured: `${delivered}/${all}`,
                    met: delivered === all,
                },
            ],
            rows: [
                ...phaseRows('sequential', sequential),
                ...phaseRows(`${ctx.connections} in flight`, concurrent),
            ],
        };
    }
    finally {
        await app.stop();
    }
};
exports.inboxBench = inboxBench;
//# sourceMappingURL=inbox.bench.js.map