"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.slowSmtpBench = void 0;
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const app_process_1 = require("./support/app.process");
const bench_1 = require("./support/bench");
const child_process_1 = require("./support/child.process");
const slow_smtp_server_1 = require("./support/slow-smtp.server");
async function startSeedServer(ctx, smtpUrl) {
    const dataDir = (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-bench-seed-'));
    const port = await (0, child_process_1.freePort)();
    return (0, child_process_1.withOwnedDataDir)(dataDir, () => (0, child_process_1.startServerProcess)({
        name: 'seed-design',
        script: node_path_1.default.join(__dirname, 'children', 'seed.server.js'),
        env: {
            PORT: String(port),
            SMTP_URL: smtpUrl,
            DATA_DIR: dataDir,
            UV_THREADPOOL_SIZE: String(ctx.threadpool),
        },
        url: `http://127.0.0.1:${port}`,
        readyPath: '/health',
        logFile: node_path_1.default.join(ctx.logDir, `seed-design-${port}.log`),
    }));
}
async function underLoad(ctx, start, tag, expectStatus) {
    const server = await start();
    try {
        const single = await (0, bench_1.measuredSignupLoad)(ctx, server, `${tag}-1`, expectStatus, {
            connections: 1,
            durationS: singleDuration(ctx),
        });
        const loaded = await (0, bench_1.measuredSignupLoad)(ctx, server, tag, expectStatus, { warmup: false });
        return { single, loaded };
    }
    finally {
        await server.stop();
    }
}
const singleDuration = (ctx) => Math.max(3, Math.round(ctx.durationS / 2));
const loadRow = (label, m) => [
    label,
    `p50 ${bench_1.fmt.ms(m.load.latencyMs.p50)}`,
    `p99 ${bench_1.fmt.ms(m.load.latencyMs.p99)}, ${bench_1.fmt.rate(m.load.rps)}, ${(0, bench_1.statusLine)(m.load)}`,
];
const p50Ratio = (slow, fast) => slow.load.latencyMs.p50 / fast.load.latencyMs.p50;
/**
 * Benchmark 2: the same signup load with a fast mail path (the dev mailbox) and a provider that
 * takes `smtpDelayMs` to answer each message, at one client (service time) and at full
 * concurrency. With the outbox the request never waits on SMTP, so p50 should not move; the seed's
 * synchronous design is run beside it against the same server.
 */
const slowSmtpBench = async (ctx) => {
    const smtp = await (0, slow_smtp_server_1.startSlowSmtp)(ctx.smtpDelayMs);
    try {
        const base = { threadpool: ctx.threadpool, logDir: ctx.logDir, profile: ctx.profile };
        const shape = `1 connection for ${singleDuration(ctx)} s, then ${ctx.connections} for ${ctx.durationS} s`;
        ctx.say(`fast mail path (MAIL_TRANSPORT=mailbox): ${shape}`);
        const fast = await underLoad(ctx, () => (0, app_process_1.startMailgate)({ ...base, transport: 'mailbox' }), 'fast', 202);
        ctx.say(`slow SMTP (${ctx.smtpDelayMs} ms per message, MAIL_TRANSPORT=smtp): ${shape}`);
        const acceptedBefore = smtp.accepted();
        const slow = await underLoad(ctx, () => (0, app_process_1.startMailgate)({ ...base, transport: 'smtp', smtpUrl: smtp.url }), 'slow', 202);
        const slowAccepted = smtp.accepted() - acceptedBefore;
        ctx.say(`seed design (sendMail inside the request) against the same slow SMTP: ${shape}`);
        const seed = await underLoad(ctx, () => startSeedServer(ctx, smtp.url), 'seed', 201);
        const ratio = { single: p50Ratio(slow.single, fast.single), loaded: p50Ratio(slow.loaded, fast.loaded) };
        const runs = [fast.single, fast.loaded, slow.single, slow.loaded];
        const valid = runs.every((r) => (0, bench_1.validRun)(r.load, 202)) &&
            (0, bench_1.validRun)(seed.single.load, 201) &&
            (0, bench_1.validRun)(seed.loaded.load, 201);
        const target = (what, r) => ({
            what,
            target: '<= 110 %',
            measured: bench_1.fmt.pct(r) + (valid ? '' : ' (invalid run)'),
            met: valid && r <= 1.1,
        });
        return {
            name: 'slow-smtp',
            title: `Signup latency with a slow SMTP server (${ctx.smtpDelayMs} ms per message)`,
            settings: {
                connections: ctx.connections,
                durationS: ctx.durationS,
                singleClientDurationS: singleDuration(ctx),
                warmupS: ctx.warmupS,
                uvThreadpoolSize: ctx.threadpool,
                smtpDelayMs: ctx.smtpDelayMs,
                fast: 'mailgate, MAIL_TRANSPORT=mailbox (the dev mailbox in the same process)',
                slow: 'mailgate, MAIL_TRANSPORT=smtp to the slow server, MAILBOX=on (idle)',
                seed: 'bench/children/seed.server.ts: hash, insert, await sendMail, answer 201',
            },
            results: { fast, slow, seed, slowSmtpAcceptedDuringSlowRuns: slowAccepted, p50Ratio: ratio, valid },
            targets: [
                target(`p50 slow SMTP / fast, ${ctx.connections} connections`, ratio.loaded),
                target('p50 slow SMTP / fast, 1 connection', ratio.single),
            ],
            rows: [
                loadRow('1 connection: mailgate, fast mail path', fast.single),
                loadRow('1 connection: mailgate, slow SMTP', slow.single),
                loadRow('1 connection: seed design, slow SMTP', seed.single),
                ['1 connection: p50 slow / fast', bench_1.fmt.pct(ratio.single), 'target <= 110 %'],
                loadRow(`${ctx.connections} connections: mailgate, fast mail path`, fast.loaded),
                loadRow(`${ctx.connections} connections: mailgate, slow SMTP`, slow.loaded),
                loadRow(`${ctx.connections} connections: seed design, slow SMTP`, seed.loaded),
                [`${ctx.connections} connections: p50 slow / fast`, bench_1.fmt.pct(ratio.loaded), 'target <= 110 %'],
                [
                    'slow SMTP messages accepted',
                    String(slowAccepted),
                    'while mailgate ran against it (the outbox drains behind the requests)',
                ],
            ],
        };
    }
    finally {
        await smtp.close();
    }
};
exports.slowSmtpBench = slowSmtpBench;
//# sourceMappingURL=slow-smtp.bench.js.map