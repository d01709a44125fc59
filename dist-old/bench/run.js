"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = __importDefault(require("node:path"));
const node_util_1 = require("node:util");
const inbox_bench_1 = require("./inbox.bench");
const bench_1 = require("./support/bench");
const machine_1 = require("./support/machine");
const signup_bench_1 = require("./signup.bench");
const slow_smtp_bench_1 = require("./slow-smtp.bench");
/**
 * `npm run bench` (all benchmarks) or `node dist/bench/run.js <name…> [options]`.
 * Every ratio is taken inside one run against its limit or its peer, never across runs.
 */
const BENCHES = { signup: signup_bench_1.signupBench, 'slow-smtp': slow_smtp_bench_1.slowSmtpBench, inbox: inbox_bench_1.inboxBench };
const USAGE = `usage: node dist/bench/run.js [${Object.keys(BENCHES).join('|')} …] [options]
  --connections N   requests in flight (HTTP load and raw hashes)      default 16
  --duration S      measured seconds per load run                      default 20
  --warmup S        unmeasured seconds before each load run            default 3
  --threadpool N    UV_THREADPOOL_SIZE for every child process         default $UV_THREADPOOL_SIZE or 4
  --sequential N    signups timed one at a time to the inbox           default 200
  --concurrent N    signups timed to the inbox with N in flight        default 400
  --smtp-delay MS   how long the slow SMTP server takes per message    default 2000
  --quick           short runs to check the harness (numbers are not results)
  --layout L,…      signup: one (all in one process), split (dev mailbox in
                    its own process), api (API alone, mail deferred)   default one,split,api
  --profile         CPU-profile the app over each measured window (logs dir; summary on stderr)
  --wait-quiet      wait (up to 20 min) for the 1-minute load to drop below 0.5 first
`;
function positive(name, value, fallback) {
    if (value === undefined)
        return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
        throw new Error(`--${name} must be a positive number (got ${value})`);
    return n;
}
async function main() {
    const { values, positionals } = (0, node_util_1.parseArgs)({
        allowPositionals: true,
        options: {
            connections: { type: 'string' },
            duration: { type: 'string' },
            warmup: { type: 'string' },
            threadpool: { type: 'string' },
            sequential: { type: 'string' },
            concurrent: { type: 'string' },
            'smtp-delay': { type: 'string' },
            quick: { type: 'boolean' },
            'wait-quiet': { type: 'boolean' },
            profile: { type: 'boolean' },
            layout: { type: 'string' },
            help: { type: 'boolean' },
        },
    });
    if (values.help)
        return void process.stdout.write(USAGE);
    const names = positionals.length > 0 ? positionals : Object.keys(BENCHES);
    const unknown = names.filter((n) => !(n in BENCHES));
    if (unknown.length > 0)
        throw new Error(`unknown benchmark ${unknown.join(', ')}\n${USAGE}`);
    const layouts = (values.layout ?? signup_bench_1.LAYOUTS.join(',')).split(',').map((l) => l.trim());
    const badLayout = layouts.filter((l) => !signup_bench_1.LAYOUTS.includes(l));
    if (badLayout.length > 0)
        throw new Error(`unknown layout ${badLayout.join(', ')}\n${USAGE}`);
    const quick = values.quick === true;
    const say = (m) => process.stderr.write(`[bench] ${m}\n`);
    const ctx = {
        connections: positive('connections', values.connections, 16),
        durationS: positive('duration', values.duration, quick ? 3 : 20),
        warmupS: positive('warmup', values.warmup, quick ? 1 : 3),
        threadpool: positive('threadpool', values.threadpool ?? process.env.UV_THREADPOOL_SIZE, 4),
        inboxSequential: positive('sequential', values.sequential, quick ? 20 : 200),
        inboxConcurrent: positive('concurrent', values.concurrent, quick ? 40 : 400),
        smtpDelayMs: positive('smtp-delay', values['smtp-delay'], 2000),
        logDir: (0, node_fs_1.mkdtempSync)(node_path_1.default.join((0, node_os_1.tmpdir)(), 'mailgate-bench-logs-')),
        profile: values.profile === true,
        layouts: layouts,
        command: ['node', 'dist/bench/run.js', ...process.argv.slice(2)].join(' '),
        say,
    };
    const machine = (0, machine_1.machineFacts)();
    say(`${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}; UV_THREADPOOL_SIZE=${ctx.threadpool}; logs in ${ctx.logDir}`);
    if (values['wait-quiet'])
        await (0, machine_1.waitForQuiet)(0.5, 20 * 60, say);
    say(`load average ${(0, machine_1.loadFacts)().loadavg.join(' ')}`);
    if (quick)
        say('--quick: short runs to check the harness; the figures are not results');
    let missed = 0;
    for (const name of names) {
        const report = await (0, bench_1.runBench)(name, BENCHES[name], ctx);
        (0, bench_1.printReport)(report, (s) => process.stdout.write(s));
        missed += report.targets.filter((t) => !t.met).length;
    }
    process.stdout.write(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}; JSON in bench/results/\n`);
}
main().catch((err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
});
//# sourceMappingURL=run.js.map