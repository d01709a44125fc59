"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.fmt = void 0;
exports.runBench = runBench;
exports.measuredSignupLoad = measuredSignupLoad;
exports.statusLine = statusLine;
exports.validRun = validRun;
exports.printReport = printReport;
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
const cpu_1 = require("./cpu");
const child_process_1 = require("./child.process");
const machine_1 = require("./machine");
const profile_summary_1 = require("./profile.summary");
const signup_load_1 = require("./signup.load");
async function runBench(name, bench, ctx) {
    const startedAt = new Date().toISOString();
    const loadBefore = (0, machine_1.loadFacts)();
    const body = await bench(ctx);
    const report = {
        ...body,
        name,
        command: ctx.command,
        startedAt,
        finishedAt: new Date().toISOString(),
        machine: (0, machine_1.machineFacts)(),
        loadBefore,
        loadAfter: (0, machine_1.loadFacts)(),
    };
    const dir = node_path_1.default.join(child_process_1.ROOT, 'bench', 'results');
    (0, node_fs_1.mkdirSync)(dir, { recursive: true });
    (0, node_fs_1.writeFileSync)(node_path_1.default.join(dir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
    return report;
}
/**
 * The dev mailbox numbers messages 1, 2, 3… as it stores them, so the newest id counts deliveries
 * (the benchmarks never delete).
 */
async function newestMessageId(url) {
    const res = await fetch(`${url}/mailbox/api/messages?limit=1`);
    const body = (await res.json());
    return body.messages?.[0]?.id ?? 0;
}
async function profileOf(ctx, server, tag) {
    const file = await (0, profile_summary_1.waitForProfile)(ctx.logDir, server.pid);
    if (!file)
        return undefined;
    const profile = (0, profile_summary_1.summarizeProfile)(file);
    ctx.say(`${tag}: ${server.name} profile ${file}`);
    for (const p of profile)
        ctx.say(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.where}`);
    return profile;
}
/**
 * A short unmeasured run first (JIT, PGlite's caches, connection set-up) unless `shape.warmup` is
 * false, then the measured one; `shape` overrides the context's connections and duration.
 * `countMail` counts what the dev mailbox of `mailbox` (default: `server`) stored in the window;
 * `others` are further processes of the layout, measured (and profiled) beside `server`.
 */
async function measuredSignupLoad(ctx, server, tag, expectStatus, shape = {}) {
    const opts = { url: server.url, connections: shape.connections ?? ctx.connections, expectStatus };
    const others = shape.others ?? [];
    const mailUrl = (shape.mailbox ?? server).url;
    if (shape.warmup !== false)
        await (0, signup_load_1.signupLoad)({ ...opts, durationS: ctx.warmupS }, `${tag}-warm`);
    const pids = { server: server.pid, loadGenerator: process.pid };
    for (const o of others)
        pids[o.name] = o.pid;
    if (ctx.profile)
        for (const p of [server, ...others])
            (0, profile_summary_1.toggleProfiler)(p.pid);
    const mailBefore = shape.countMail ? await newestMessageId(mailUrl) : 0;
    const before = (0, cpu_1.cpuSnapshots)(pids);
    const load = await (0, signup_load_1.signupLoad)({ ...opts, durationS: shape.durationS ?? ctx.durationS }, tag);
    const cpu = (0, cpu_1.cpuBetweenAll)(before, (0, cpu_1.cpuSnapshots)(pids));
    const delivered = shape.countMail ? (await newestMessageId(mailUrl)) - mailBefore : 0;
    let profile;
    let otherProfiles;
    let queries;
    if (ctx.profile) {
        for (const p of [server, ...others])
            (0, profile_summary_1.toggleProfiler)(p.pid);
        profile = await profileOf(ctx, server, tag);
        otherProfiles = {};
        for (const o of others) {
            const shares = await profileOf(ctx, o, tag);
            if (shares)
                otherProfiles[o.name] = shares;
        }
        queries = {};
        for (const p of [server, ...others]) {
            const counts = (0, profile_summary_1.queryCountsPerSignup)(ctx.logDir, p.pid, load.ok);
            if (!counts || counts.statements === 0)
                continue;
            queries[p.name] = counts;
            ctx.say(`${tag}: ${p.name} PGlite per signup: ${counts.statements.toFixed(2)} statements, ${counts.transactions.toFixed(2)} transactions, ${counts.wasmCalls.toFixed(1)} WASM calls`);
            for (const q of counts.top.slice(0, 10))
                ctx.say(`  ${q.perSignup.toFixed(2).padStart(6)}  ${q.sql}`);
        }
    }
    return {
        load,
        cpu: {
            server: cpu.server,
            loadGenerator: cpu.loadGenerator,
            ...(others.length > 0 ? { others: Object.fromEntries(others.map((o) => [o.name, cpu[o.name]])) } : {}),
        },
        profile,
        otherProfiles,
        queries,
        mail: shape.countMail ? { delivered, rate: delivered / cpu.server.wallS } : undefined,
    };
}
exports.fmt = {
    rate: (v) => `${v.toFixed(1)}/s`,
    ms: (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms`,
    pct: (v) => `${(v * 100).toFixed(1)} %`,
    cores: (c) => `main ${c.mainCores.toFixed(2)} + other ${c.otherCores.toFixed(2)} cores`,
};
function statusLine(load) {
    const codes = Object.entries(load.statusCodes)
        .map(([code, n]) => `${code}×${n}`)
        .join(' ');
    return `${codes || 'no answers'}${load.errors ? `, ${load.errors} errors` : ''}${load.timeouts ? `, ${load.timeouts} timeouts` : ''}`;
}
/**
 * A load run counts only when every answer was the expected one: a run full of 404s or 500s
 * would otherwise "meet" a latency target.
 */
function validRun(load, expectStatus) {
    const others = Object.entries(load.statusCodes).filter(([code]) => code !== String(expectStatus));
    return load.ok > 0 && others.length === 0 && load.errors === 0 && load.timeouts === 0;
}
function printReport(report, out) {
    const widths = [0, 0];
    for (const [a, b] of report.rows) {
        widths[0] = Math.max(widths[0], a.length);
        widths[1] = Math.max(widths[1], b.length);
    }
    out(`\n## ${report.title}\n`);
    for (const [a, b, c] of report.rows)
        out(`  ${a.padEnd(widths[0])}  ${b.padStart(widths[1])}  ${c}\n`);
    for (const t of report.targets)
        out(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.what}: ${t.measured} (target ${t.target})\n`);
    out(`  load before ${report.loadBefore.loadavg.join(' ')}, after ${report.loadAfter.loadavg.join(' ')}\n`);
}
//# sourceMappingURL=bench.js.map