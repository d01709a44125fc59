"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.signupBench = exports.LAYOUTS = void 0;
exports.rawHashRate = rawHashRate;
const node_child_process_1 = require("node:child_process");
const node_path_1 = __importDefault(require("node:path"));
const bench_1 = require("./support/bench");
const child_process_1 = require("./support/child.process");
const inbox_client_1 = require("./support/inbox.client");
const signup_load_1 = require("./support/signup.load");
const app_process_1 = require("./support/app.process");
const slow_smtp_server_1 = require("./support/slow-smtp.server");
/** Runs the raw hash loop in a child process, as the app runs in one, with the same pool size. */
async function rawHashRate(ctx) {
    const child = (0, node_child_process_1.fork)(node_path_1.default.join(__dirname, 'children', 'argon2.child.js'), [String(ctx.connections), String(ctx.warmupS), String(ctx.durationS)], { env: { PATH: process.env.PATH ?? '', UV_THREADPOOL_SIZE: String(ctx.threadpool) }, execArgv: [] });
    const result = new Promise((resolve, reject) => {
        child.once('message', (m) => resolve(m));
        child.once('exit', (code) => reject(new Error(`argon2 child exited (${code}) without a result`)));
    });
    try {
        return await result;
    }
    finally {
        if (child.exitCode === null)
            child.kill('SIGTERM');
    }
}
/**
 * Where the work of one signup runs (`--layout`):
 * - `one`: `npm start` as shipped — API, mail worker and dev mailbox in one process;
 * - `split`: API + worker in one process (MAIL_TRANSPORT=smtp, MAILBOX=off) mailing a second
 *   mailgate process that runs the dev mailbox, as the distributed profile places the mailbox;
 * - `api`: the API alone. Mail is deferred: the worker sends to an SMTP server (in the bench
 *   process) that holds every message past the end of the run, so after claiming its 8 the worker
 *   sits idle and the rest wait in the outbox. Nothing is delivered in the window.
 */
exports.LAYOUTS = ['one', 'split', 'api'];
const LAYOUT_TITLES = {
    one: 'all in one process (API + worker + dev mailbox)',
    split: 'dev mailbox in its own process (API + worker → SMTP → mailbox)',
    api: 'API alone (mail deferred, nothing delivered in the window)',
};
function sumCpu(uses) {
    const main = uses.reduce((s, u) => s + u.mainS, 0);
    const other = uses.reduce((s, u) => s + u.otherS, 0);
    return { main, other, total: main + other };
}
async function runLayout(ctx, layout) {
    const base = { threadpool: ctx.threadpool, logDir: ctx.logDir, profile: ctx.profile };
    ctx.say(`POST /users, ${LAYOUT_TITLES[layout]}: ${ctx.connections} connections, ${ctx.durationS} s`);
    const stops = [];
    try {
        let app;
        let mailbox;
        if (layout === 'one') {
            app = await (0, app_process_1.startMailgate)({ ...base, transport: 'mailbox', role: 'all-in-one' });
            stops.push(() => app.stop());
        }
        else if (layout === 'split') {
            const smtpPort = await (0, child_process_1.freePort)();
            mailbox = await (0, app_process_1.startMailgate)({
                ...base,
                transport: 'mailbox',
                role: 'mailbox',
                mailboxSmtpPort: smtpPort,
            });
            const box = mailbox;
            stops.push(() => box.stop());
            app = await (0, app_process_1.startMailgate)({
                ...base,
                transport: 'smtp',
                smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
                mailbox: false,
                role: 'api-worker',
            });
            stops.push(() => app.stop());
        }
        else {
            // Longer than the warm-up, the window and the shutdown together: nothing is answered.
            const hold = await (0, slow_smtp_server_1.startSlowSmtp)(10 * 60_000);
            stops.push(() => hold.close());
            app = await (0, app_process_1.startMailgate)({
                ...base,
                transport: 'smtp',
                smtpUrl: hold.url,
                mailbox: false,
                role: 'api',
            });
            stops.push(() => app.stop());
        }
        const signup = await (0, bench_1.measuredSignupLoad)(ctx, app, `signup-${layout}`, 202, {
            countMail: layout !== 'api',
            mailbox,
            others: mailbox ? [mailbox] : [],
        });
        // One more signup right after the load, timed to the inbox: if the worker fell behind the
        // HTTP side, its mail waits behind the backlog and this shows how far behind it was.
        const sentinel = layout === 'api'
            ? undefined
            : await (0, inbox_client_1.timeOneSignup)(app.url, (0, signup_load_1.signupBodies)('sentinel')(), (mailbox ?? app).url);
        const cpuS = sumCpu([signup.cpu.server, ...Object.values(signup.cpu.others ?? {})]);
        const n = Math.max(1, signup.load.ok);
        return {
            layout,
            signup,
            sentinel,
            cpuS,
            perSignupMs: {
                main: (cpuS.main * 1000) / n,
                other: (cpuS.other * 1000) / n,
                total: (cpuS.total * 1000) / n,
            },
        };
    }
    finally {
        for (const stop of stops.reverse())
            await stop();
    }
}
function layoutRows(run, raw, rawCpuMs) {
    const { load, cpu, mail } = run.signup;
    const ratio = load.rps / raw.rate;
    const rows = [
        [
            `[${run.layout}] POST /users (202)`,
            bench_1.fmt.rate(load.rps),
            `${bench_1.fmt.pct(ratio)} of raw; ${(0, bench_1.statusLine)(load)}; p50 ${bench_1.fmt.ms(load.latencyMs.p50)}, p99 ${bench_1.fmt.ms(load.latencyMs.p99)}`,
        ],
        [
            `[${run.layout}] CPU / signup, all processes`,
            bench_1.fmt.ms(run.perSignupMs.total),
            `main threads ${bench_1.fmt.ms(run.perSignupMs.main)} + other threads ${bench_1.fmt.ms(run.perSignupMs.other)}; raw hash ${bench_1.fmt.ms(rawCpuMs)}; CPU-bound ceiling ${bench_1.fmt.pct(rawCpuMs / run.perSignupMs.total)} of raw`,
        ],
        [
            `[${run.layout}] ${cpu.others ? 'API process CPU' : 'app CPU'}`,
            cpu.server.totalCores.toFixed(2) + ' cores',
            `${bench_1.fmt.cores(cpu.server)}; ${bench_1.fmt.ms((cpu.server.mainS * 1000) / Math.max(1, load.ok))} + ${bench_1.fmt.ms((cpu.server.otherS * 1000) / Math.max(1, load.ok))} / signup`,
        ],
    ];
    for (const [name, use] of Object.entries(cpu.others ?? {}))
        rows.push([
            `[${run.layout}] ${name} CPU`,
            use.totalCores.toFixed(2) + ' cores',
            `${bench_1.fmt.cores(use)}; ${bench_1.fmt.ms((use.mainS * 1000) / Math.max(1, load.ok))} + ${bench_1.fmt.ms((use.otherS * 1000) / Math.max(1, load.ok))} / signup`,
        ]);
    if (mail)
        rows.push([
            `[${run.layout}] mail delivered in the window`,
            bench_1.fmt.rate(mail.rate),
            `${mail.delivered} messages stored by the dev mailbox while ${load.ok} signups were accepted`,
        ]);
    if (run.sentinel)
        rows.push([
            `[${run.layout}] mail backlog after the load`,
            run.sentinel.delivered ? bench_1.fmt.ms(run.sentinel.inboxMs) : 'not delivered',
            'one more signup right after the load, POST to inbox (small = the worker kept up)',
        ]);
    rows.push([
        `[${run.layout}] load generator CPU`,
        cpu.loadGenerator.totalCores.toFixed(2) + ' cores',
        'autocannon in the bench process',
    ]);
    return rows;
}
/**
 * Benchmark 1: POST /users throughput against the physical limit, argon2id hashing at the signup
 * module's parameters with the same concurrency and pool size, measured in the same run. Each
 * layout also reports CPU per signup summed over its processes: on a shared machine that moves
 * far less than throughput, and raw CPU per hash / CPU per signup is the ratio the cores allow.
 */
const signupBench = async (ctx) => {
    ctx.say(`raw argon2id: ${ctx.connections} in flight, ${ctx.durationS} s`);
    const raw = await rawHashRate(ctx);
    const rawCpuMs = ((raw.cpu.mainS + raw.cpu.otherS) * 1000) / Math.max(1, raw.hashes);
    ctx.say(`raw argon2id (${raw.parameters}): ${raw.rate.toFixed(1)} hashes/s, ${rawCpuMs.toFixed(1)} ms CPU each`);
    const runs = [];
    for (const layout of ctx.layouts) {
        const run = await runLayout(ctx, layout);
        ctx.say(`[${layout}] POST /users: ${run.signup.load.rps.toFixed(1)}/s = ${bench_1.fmt.pct(run.signup.load.rps / raw.rate)} of raw; ${run.perSignupMs.total.toFixed(1)} ms CPU / signup`);
        runs.push(run);
    }
    const targets = runs.map((run) => {
        const ratio = run.signup.load.rps / raw.rate;
        const valid = (0, bench_1.validRun)(run.signup.load, 202);
        return {
            what: `POST /users rate / raw argon2id rate, ${LAYOUT_TITLES[run.layout]}`,
            target: '>= 90 %',
            measured: bench_1.fmt.pct(ratio) + (valid ? '' : ' (invalid run)'),
            met: valid && ratio >= 0.9,
        };
    });
    return {
        name: 'signup',
        title: 'Signup throughput vs raw argon2id',
        settings: {
            connections: ctx.connections,
            durationS: ctx.durationS,
            warmupS: ctx.warmupS,
            uvThreadpoolSize: ctx.threadpool,
            argon2: raw.parameters,
            layouts: Object.fromEntries(runs.map((r) => [r.layout, LAYOUT_TITLES[r.layout]])),
            app: 'node dist/src/main.js, RATE_LIMIT=off, LOG_LEVEL=warn',
        },
        results: {
            raw,
            rawCpuMsPerHash: rawCpuMs,
            layouts: Object.fromEntries(runs.map((r) => [
                r.layout,
                {
                    signup: r.signup.load,
                    ratio: r.signup.load.rps / raw.rate,
                    valid: (0, bench_1.validRun)(r.signup.load, 202),
                    cpu: r.signup.cpu,
                    cpuS: r.cpuS,
                    cpuMsPerSignup: r.perSignupMs,
                    cpuCeiling: rawCpuMs / r.perSignupMs.total,
                    mail: r.signup.mail,
                    sentinel: r.sentinel,
                    profile: r.signup.profile,
                    otherProfiles: r.signup.otherProfiles,
                    queries: r.signup.queries,
                },
            ])),
        },
        targets,
        rows: [
            [
                `raw hash() (${raw.parameters})`,
                bench_1.fmt.rate(raw.rate),
                `${raw.hashes} hashes, p50 ${bench_1.fmt.ms(raw.latencyMs.p50)}, ${bench_1.fmt.cores(raw.cpu)}, ${bench_1.fmt.ms(rawCpuMs)} CPU / hash`,
            ],
            ...runs.flatMap((run) => layoutRows(run, raw, rawCpuMs)),
        ],
    };
};
exports.signupBench = signupBench;
//# sourceMappingURL=signup.bench.js.map