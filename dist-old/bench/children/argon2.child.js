"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const node_crypto_1 = require("node:crypto");
const cpu_1 = require("../support/cpu");
const stats_1 = require("../support/stats");
const signup_hasher_1 = require("../support/signup.hasher");
async function main() {
    const [concurrency, warmupS, durationS] = process.argv.slice(2).map(Number);
    const run = (0, node_crypto_1.randomBytes)(4).toString('hex');
    const until = performance.now() + (warmupS + durationS) * 1000;
    const window = new Promise((resolve) => setTimeout(() => {
        const before = (0, cpu_1.cpuSnapshot)(process.pid);
        setTimeout(() => resolve([before, (0, cpu_1.cpuSnapshot)(process.pid)]), durationS * 1000);
    }, warmupS * 1000));
    let n = 0;
    let lastHash = '';
    const done = [];
    const worker = async () => {
        while (performance.now() < until) {
            n++;
            const t0 = performance.now();
            lastHash = await signup_hasher_1.signupHasher.hash(`correct horse battery staple ${run} ${n}`);
            const t1 = performance.now();
            done.push({ at: t1, ms: t1 - t0 });
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const [before, after] = await window;
    const inside = done.filter((d) => d.at >= before.atMs && d.at < after.atMs).map((d) => d.ms);
    const cpu = (0, cpu_1.cpuBetween)(before, after);
    const result = {
        concurrency,
        parameters: (0, signup_hasher_1.hashParameters)(lastHash),
        threadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
        durationS: cpu.wallS,
        hashes: inside.length,
        rate: inside.length / cpu.wallS,
        latencyMs: (0, stats_1.summarize)(inside),
        cpu,
    };
    process.send?.(result);
}
void main();
//# sourceMappingURL=argon2.child.js.map