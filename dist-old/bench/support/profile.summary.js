"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.summarizeProfile = summarizeProfile;
exports.toggleProfiler = toggleProfiler;
exports.waitForProfile = waitForProfile;
exports.queryCountsPerSignup = queryCountsPerSignup;
const node_fs_1 = require("node:fs");
const node_path_1 = __importDefault(require("node:path"));
const promises_1 = require("node:timers/promises");
/** Where a frame's code lives: an npm package, a file of ours, Node itself, or V8 (GC, idle). */
function owner(url, functionName) {
    if (url === '')
        return functionName.startsWith('(') ? functionName : `(native ${functionName || 'anonymous'})`;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg)
        return pkg[1];
    if (url.startsWith('node:'))
        return 'node:' + url.slice(5).split('/')[0];
    const ours = /\/dist\/(src\/.*)\.js$/.exec(url);
    if (ours)
        return ours[1].replace(/\/[^/]+$/, '/');
    return node_path_1.default.basename(url);
}
/** Self time of the main thread by package or source folder, largest first (shares of busy time). */
function summarizeProfile(file, top = 12) {
    const profile = JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8'));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const totals = new Map();
    let all = 0;
    profile.samples.forEach((id, i) => {
        const node = byId.get(id);
        const dt = (profile.timeDeltas[i] ?? 0) / 1000;
        if (!node)
            return;
        const key = owner(node.callFrame.url, node.callFrame.functionName);
        // Idle is not CPU, and `dispatch` is the inspector stopping the profile (the profiler's own cost).
        if (key === '(idle)' || key === '(native dispatch)')
            return;
        totals.set(key, (totals.get(key) ?? 0) + dt);
        all += dt;
    });
    return [...totals.entries()]
        .map(([where, ms]) => ({ where, ms: Math.round(ms), share: ms / all }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, top);
}
/** Asks a server started with the preload to start (first call) or stop and write (second) its profile. */
function toggleProfiler(pid) {
    process.kill(pid, 'SIGWINCH');
}
async function waitForProfile(dir, pid) {
    const file = node_path_1.default.join(dir, `${pid}.cpuprofile`);
    for (let i = 0; i < 100 && !(0, node_fs_1.existsSync)(file); i++)
        await (0, promises_1.setTimeout)(100);
    await (0, promises_1.setTimeout)(200); // writeFileSync is one call, but let it finish before reading
    return (0, node_fs_1.existsSync)(file) ? file : undefined;
}
function queryCountsPerSignup(dir, pid, signups) {
    const file = node_path_1.default.join(dir, `${pid}.queries.json`);
    if (!(0, node_fs_1.existsSync)(file))
        return undefined;
    const raw = JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8'));
    (0, node_fs_1.rmSync)(file);
    const n = Math.max(1, signups);
    const entries = Object.entries(raw.statements).sort((a, b) => b[1] - a[1]);
    return {
        statements: entries.reduce((sum, [, count]) => sum + count, 0) / n,
        transactions: raw.transactions / n,
        wasmCalls: raw.wasmCalls / n,
        top: entries.map(([sql, count]) => ({ sql, perSignup: count / n })),
    };
}
//# sourceMappingURL=profile.summary.js.map